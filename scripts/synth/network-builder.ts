// The street network under construction: one shared pool of vertices (so lines that meet reuse the
// same vertex id and therefore write identical coordinates) and lines as runs of vertex ids with an
// interned tag set. Typed arrays keep a 5M-edge city at a few bytes per vertex.

export type StreetTags = Readonly<Record<string, string>>;

class GrowableF64 {
  data = new Float64Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
}

class GrowableI32 {
  data = new Int32Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
}

export interface LineView {
  /** Vertex ids in order. */
  readonly vertices: Int32Array;
  readonly tags: StreetTags;
}

export class NetworkBuilder {
  private readonly xs = new GrowableF64();
  private readonly ys = new GrowableF64();
  private readonly lineVertices = new GrowableI32();
  /** Start of each line in lineVertices; a line ends where the next begins. */
  private readonly lineStarts = new GrowableI32();
  private readonly lineTags = new GrowableI32();
  private readonly tagTable: StreetTags[] = [];
  private readonly tagIds = new Map<string, number>();
  private edges = 0;

  get vertexCount(): number {
    return this.xs.length;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** Segments between consecutive vertices: the unit the benchmark sizes are counted in. */
  get edgeCount(): number {
    return this.edges;
  }

  addVertex(x: number, y: number): number {
    this.xs.push(x);
    this.ys.push(y);
    return this.xs.length - 1;
  }

  x(v: number): number {
    return this.xs.data[v];
  }

  y(v: number): number {
    return this.ys.data[v];
  }

  /** Adds a line through the given vertices; repeated consecutive ids are dropped, and a line
   * left with fewer than two vertices is not added. */
  addLine(vertices: ArrayLike<number>, tags: StreetTags): boolean {
    let n = 0;
    let prev = -1;
    for (let i = 0; i < vertices.length; i++) if (vertices[i] !== prev) { n++; prev = vertices[i]; }
    if (n < 2) return false;
    this.lineStarts.push(this.lineVertices.length);
    prev = -1;
    for (let i = 0; i < vertices.length; i++) {
      const v = vertices[i];
      if (v !== prev) this.lineVertices.push(v);
      prev = v;
    }
    this.lineTags.push(this.tagId(tags));
    this.edges += n - 1;
    return true;
  }

  private tagId(tags: StreetTags): number {
    const key = JSON.stringify(tags);
    let id = this.tagIds.get(key);
    if (id === undefined) {
      id = this.tagTable.length;
      this.tagTable.push(tags);
      this.tagIds.set(key, id);
    }
    return id;
  }

  line(i: number): LineView {
    const start = this.lineStarts.data[i];
    const end = i + 1 < this.lineStarts.length ? this.lineStarts.data[i + 1] : this.lineVertices.length;
    return { vertices: this.lineVertices.data.subarray(start, end), tags: this.tagTable[this.lineTags.data[i]] };
  }
}

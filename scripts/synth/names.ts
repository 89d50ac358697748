import type { Random } from './random.js';

// Chinese place names for synthetic communities, streets and towns, built from characters common in
// Guangzhou toponyms (岗 hill, 涌 creek, 滘 waterway, 围 walled village...). Every name handed out is
// unique within its book, in a seeded order.

const URBAN_FIRST = [...'东西南北金华龙凤石沙江海珠瑞宝新康乐安福荔榕兴盛和嘉泰丰云天翠锦明光清怡德仁万景逸晓花桂聚蓝紫碧长永祥同'];
const URBAN_SECOND = [...'湖园苑林港湾桥岗塘泉洲坊城庭峰溪源基涌岭滘沥华景苑阁台轩雅居湄汇悦荟'];
const RURAL_FIRST = [...'石塘坑大小新旧上下黄陈李罗钟邓高白水竹松田草牛马禾麻沙龙山岭东西南北'];
const RURAL_SECOND = [...'岗头背围坑塘陂田岭坳洞湖边尾埔寮冚涌滘基岭墩'];
const STREET_FIRST = [...'东西南北新华龙凤金瑞江海石沙兴永太大'];
const STREET_SECOND = [...'华港洲岗阳湖源田桥城安和宁丰埔塘龙平'];
const VARIANTS = [...'东西南北中新前后上下'];

function combos(first: readonly string[], second: readonly string[]): string[] {
  const out: string[] = [];
  for (const a of first) for (const b of second) if (a !== b) out.push(a + b);
  return [...new Set(out)];
}

/** Hands out unique roots (东湖, 石岗) in a shuffled order; after the two-character roots run out it
 * adds a variant character (东湖北), then a number, so any count can be named. */
export class NameBook {
  private readonly roots: string[];
  private next = 0;
  private readonly used = new Set<string>();

  constructor(rng: Random, first: readonly string[], second: readonly string[]) {
    this.roots = rng.shuffle(combos(first, second));
  }

  take(): string {
    for (;;) {
      const k = this.next++;
      const n = this.roots.length;
      let root: string;
      if (k < n) root = this.roots[k];
      else if (k < n * (1 + VARIANTS.length)) root = this.roots[k % n] + VARIANTS[Math.floor(k / n) - 1];
      else root = `${this.roots[k % n]}${Math.floor(k / n) - VARIANTS.length}`;
      if (!this.used.has(root)) {
        this.used.add(root);
        return root;
      }
    }
  }
}

export const urbanRoots = (rng: Random) => new NameBook(rng, URBAN_FIRST, URBAN_SECOND);
export const ruralRoots = (rng: Random) => new NameBook(rng, RURAL_FIRST, RURAL_SECOND);
/** Two-character street (街道) and town (镇) names. */
export const streetRoots = (rng: Random) => new NameBook(rng, STREET_FIRST, STREET_SECOND);

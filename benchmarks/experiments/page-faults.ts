// What fresh memory costs on this machine: filling a new 64 MB typed array (every 4 KB page faulted in
// on first touch) against filling it again, plain and shared, a few times over:
//   npx tsx benchmarks/experiments/page-faults.ts
//   GLIBC_TUNABLES=glibc.malloc.hugetlb=1 npx tsx benchmarks/experiments/page-faults.ts   (2 MB pages where the kernel gives them)
// README, "Speed", and src/cli/huge-pages.ts quote it.
const MB = 64, rounds = 6;
console.log(`GLIBC_TUNABLES=${process.env.GLIBC_TUNABLES ?? ''}`);
for (let r = 0; r < rounds; r++) {
  let t = performance.now();
  const plain = new Float64Array((MB << 20) / 8);
  plain.fill(1);
  const fresh = performance.now() - t;
  t = performance.now();
  plain.fill(2);
  const again = performance.now() - t;
  t = performance.now();
  new Float64Array(new SharedArrayBuffer(MB << 20)).fill(1);
  const shared = performance.now() - t;
  console.log(`${MB} MB: fresh ${fresh.toFixed(1)} ms, again ${again.toFixed(1)} ms, fresh shared ${shared.toFixed(1)} ms`);
}

;; The coverage stack's write, eight groups at a time (one 128-bit vector of 16-bit walks a cell).
;; Source of coverage-lanes-wasm.ts: `npm run wasm` assembles it (wabt), and a test checks that the
;; committed bytes are this text's. The arithmetic is lane-for-lane that of `writeLanesJs` in
;; lane-lattice.ts, in the same order and in f64, so both write the same steps bit for bit.
(module
  (memory (export "memory") 1)
  ;; For pairs k < n (cell[k], s[k], h[k]) and lanes g of the block (8 from along/back/perUnit/mask):
  ;;   v = (min(along[g] + s, back[g] - s) + h) * perUnit[g] + 0.5
  ;;   w = 65535 - min(trunc v, 65534), kept where larger than the cell's (a shorter walk), lanes off: 0.
  ;; Pointers are byte offsets; a cell's lanes start at lattice + cell * stride.
  (func (export "write")
    (param $cellPtr i32) (param $sPtr i32) (param $hPtr i32)
    (param $alongPtr i32) (param $backPtr i32) (param $unitPtr i32) (param $maskPtr i32)
    (param $lattice i32) (param $stride i32) (param $n i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $b0 v128) (local $b1 v128) (local $b2 v128) (local $b3 v128)
    (local $p0 v128) (local $p1 v128) (local $p2 v128) (local $p3 v128)
    (local $mask v128) (local $half v128) (local $steps v128) (local $top v128)
    (local $s v128) (local $h v128) (local $cell i32) (local $end i32)
    (local.set $a0 (v128.load offset=0 (local.get $alongPtr)))
    (local.set $a1 (v128.load offset=16 (local.get $alongPtr)))
    (local.set $a2 (v128.load offset=32 (local.get $alongPtr)))
    (local.set $a3 (v128.load offset=48 (local.get $alongPtr)))
    (local.set $b0 (v128.load offset=0 (local.get $backPtr)))
    (local.set $b1 (v128.load offset=16 (local.get $backPtr)))
    (local.set $b2 (v128.load offset=32 (local.get $backPtr)))
    (local.set $b3 (v128.load offset=48 (local.get $backPtr)))
    (local.set $p0 (v128.load offset=0 (local.get $unitPtr)))
    (local.set $p1 (v128.load offset=16 (local.get $unitPtr)))
    (local.set $p2 (v128.load offset=32 (local.get $unitPtr)))
    (local.set $p3 (v128.load offset=48 (local.get $unitPtr)))
    (local.set $mask (v128.load (local.get $maskPtr)))
    (local.set $half (f64x2.splat (f64.const 0.5)))
    (local.set $steps (i32x4.splat (i32.const 65534)))
    (local.set $top (i16x8.splat (i32.const 65535)))
    (local.set $end (i32.add (local.get $cellPtr) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (br_if $done (i32.ge_u (local.get $cellPtr) (local.get $end)))
      (loop $pair
        (local.set $s (v128.load64_splat (local.get $sPtr)))
        (local.set $h (v128.load64_splat (local.get $hPtr)))
        (local.set $cell (i32.add (local.get $lattice) (i32.mul (i32.load (local.get $cellPtr)) (local.get $stride))))
        (v128.store (local.get $cell)
          (i16x8.max_u
            (v128.load (local.get $cell))
            (v128.and (local.get $mask)
              (i16x8.sub (local.get $top)
                (i16x8.narrow_i32x4_u
                  ;; lanes 0-3: two f64x2 truncated to the low halves of two i32x4, joined
                  (i32x4.min_s (local.get $steps)
                    (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
                      (i32x4.trunc_sat_f64x2_s_zero (f64x2.add (f64x2.mul (f64x2.add (f64x2.min (f64x2.add (local.get $a0) (local.get $s)) (f64x2.sub (local.get $b0) (local.get $s))) (local.get $h)) (local.get $p0)) (local.get $half)))
                      (i32x4.trunc_sat_f64x2_s_zero (f64x2.add (f64x2.mul (f64x2.add (f64x2.min (f64x2.add (local.get $a1) (local.get $s)) (f64x2.sub (local.get $b1) (local.get $s))) (local.get $h)) (local.get $p1)) (local.get $half)))))
                  ;; lanes 4-7
                  (i32x4.min_s (local.get $steps)
                    (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
                      (i32x4.trunc_sat_f64x2_s_zero (f64x2.add (f64x2.mul (f64x2.add (f64x2.min (f64x2.add (local.get $a2) (local.get $s)) (f64x2.sub (local.get $b2) (local.get $s))) (local.get $h)) (local.get $p2)) (local.get $half)))
                      (i32x4.trunc_sat_f64x2_s_zero (f64x2.add (f64x2.mul (f64x2.add (f64x2.min (f64x2.add (local.get $a3) (local.get $s)) (f64x2.sub (local.get $b3) (local.get $s))) (local.get $h)) (local.get $p3)) (local.get $half))))))))))
        (local.set $sPtr (i32.add (local.get $sPtr) (i32.const 8)))
        (local.set $hPtr (i32.add (local.get $hPtr) (i32.const 8)))
        (local.set $cellPtr (i32.add (local.get $cellPtr) (i32.const 4)))
        (br_if $pair (i32.lt_u (local.get $cellPtr) (local.get $end)))))))

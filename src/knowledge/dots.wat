;; The dot-product kernel of VectorMatrix. Assembled into simd-dots.ts (DOTS_WASM); the test
;; there checks that the bytes are this file's, assembled by wabt.
(module
  (memory (export "memory") 1)
  ;; out[r] = q . m[r] for r in [0, rows): rows of `dims` float32 (a multiple of 4) one after
  ;; another from byte address m, q at byte address q, out at byte address out. Four lanes at
  ;; a time (SIMD), and sixteen floats a step into four accumulators: with one accumulator each
  ;; step waited for the previous step's add, and a 512-wide scan took twice as long.
  (func (export "dots") (param $q i32) (param $m i32) (param $rows i32) (param $dims i32) (param $out i32)
    (local $end i32) (local $qi i32) (local $mi i32) (local $rowEnd i32) (local $wideEnd i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $rows) (i32.const 2))))
    (local.set $mi (local.get $m))
    (block $done
      (loop $row
        (br_if $done (i32.ge_u (local.get $out) (local.get $end)))
        (local.set $a0 (v128.const i32x4 0 0 0 0))
        (local.set $a1 (v128.const i32x4 0 0 0 0))
        (local.set $a2 (v128.const i32x4 0 0 0 0))
        (local.set $a3 (v128.const i32x4 0 0 0 0))
        (local.set $qi (local.get $q))
        (local.set $rowEnd (i32.add (local.get $mi) (i32.shl (local.get $dims) (i32.const 2))))
        ;; The row's last whole 64-byte step ends here; the rest goes four floats at a time.
        (local.set $wideEnd (i32.sub (local.get $rowEnd) (i32.and (i32.shl (local.get $dims) (i32.const 2)) (i32.const 63))))
        (block $wideDone
          (loop $wide
            (br_if $wideDone (i32.ge_u (local.get $mi) (local.get $wideEnd)))
            (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (v128.load (local.get $qi)) (v128.load (local.get $mi)))))
            (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (v128.load offset=16 (local.get $qi)) (v128.load offset=16 (local.get $mi)))))
            (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (v128.load offset=32 (local.get $qi)) (v128.load offset=32 (local.get $mi)))))
            (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (v128.load offset=48 (local.get $qi)) (v128.load offset=48 (local.get $mi)))))
            (local.set $qi (i32.add (local.get $qi) (i32.const 64)))
            (local.set $mi (i32.add (local.get $mi) (i32.const 64)))
            (br $wide)))
        (block $rowDone
          (loop $dim
            (br_if $rowDone (i32.ge_u (local.get $mi) (local.get $rowEnd)))
            (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (v128.load (local.get $qi)) (v128.load (local.get $mi)))))
            (local.set $qi (i32.add (local.get $qi) (i32.const 16)))
            (local.set $mi (i32.add (local.get $mi) (i32.const 16)))
            (br $dim)))
        (local.set $a0 (f32x4.add (f32x4.add (local.get $a0) (local.get $a1)) (f32x4.add (local.get $a2) (local.get $a3))))
        (f32.store (local.get $out)
          (f32.add
            (f32.add (f32x4.extract_lane 0 (local.get $a0)) (f32x4.extract_lane 1 (local.get $a0)))
            (f32.add (f32x4.extract_lane 2 (local.get $a0)) (f32x4.extract_lane 3 (local.get $a0)))))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (br $row)))))

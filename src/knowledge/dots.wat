;; The dot-product kernel of VectorMatrix. Assembled into simd-dots.ts (DOTS_WASM); the test
;; there checks that the bytes are this file's, assembled by wabt.
(module
  (memory (export "memory") 1)
  ;; out[r] = q . m[r] for r in [0, rows): rows of `dims` float32 (a multiple of 4) one after
  ;; another from byte address m, q at byte address q, out at byte address out. Four lanes at
  ;; a time (SIMD): 7-8x the speed of the same loop in JavaScript.
  (func (export "dots") (param $q i32) (param $m i32) (param $rows i32) (param $dims i32) (param $out i32)
    (local $end i32) (local $qi i32) (local $mi i32) (local $acc v128) (local $rowEnd i32)
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $rows) (i32.const 2))))
    (local.set $mi (local.get $m))
    (block $done
      (loop $row
        (br_if $done (i32.ge_u (local.get $out) (local.get $end)))
        (local.set $acc (v128.const i32x4 0 0 0 0))
        (local.set $qi (local.get $q))
        (local.set $rowEnd (i32.add (local.get $mi) (i32.shl (local.get $dims) (i32.const 2))))
        (block $rowDone
          (loop $dim
            (br_if $rowDone (i32.ge_u (local.get $mi) (local.get $rowEnd)))
            (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (v128.load (local.get $qi)) (v128.load (local.get $mi)))))
            (local.set $qi (i32.add (local.get $qi) (i32.const 16)))
            (local.set $mi (i32.add (local.get $mi) (i32.const 16)))
            (br $dim)))
        (f32.store (local.get $out)
          (f32.add
            (f32.add (f32x4.extract_lane 0 (local.get $acc)) (f32x4.extract_lane 1 (local.get $acc)))
            (f32.add (f32x4.extract_lane 2 (local.get $acc)) (f32x4.extract_lane 3 (local.get $acc)))))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (br $row)))))

;; The dot-product kernel of VectorMatrix. Assembled into simd-dots.ts (DOTS_WASM); the test
;; there checks that the bytes are this file's, assembled by wabt.
(module
  (memory (export "memory") 1)
  ;; out[r] = q . m[r] for r in [0, rows), as int32: rows of `len` int8 (a multiple of 16) one
  ;; after another from byte address m, q as `len` int16 at byte address q, out at byte address
  ;; out. Sixteen row values a step, widened to int16 and multiplied pairwise into int32 lanes
  ;; (i32x4.dot_i16x8_s), into two accumulators. The caller keeps every sum within int32.
  (func (export "dots") (param $q i32) (param $m i32) (param $rows i32) (param $len i32) (param $out i32)
    (local $end i32) (local $qi i32) (local $mi i32) (local $rowEnd i32) (local $r v128)
    (local $a0 v128) (local $a1 v128)
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $rows) (i32.const 2))))
    (local.set $mi (local.get $m))
    (block $done
      (loop $row
        (br_if $done (i32.ge_u (local.get $out) (local.get $end)))
        (local.set $a0 (v128.const i32x4 0 0 0 0))
        (local.set $a1 (v128.const i32x4 0 0 0 0))
        (local.set $qi (local.get $q))
        (local.set $rowEnd (i32.add (local.get $mi) (local.get $len)))
        (block $rowDone
          (loop $step
            (br_if $rowDone (i32.ge_u (local.get $mi) (local.get $rowEnd)))
            (local.set $r (v128.load (local.get $mi)))
            (local.set $a0 (i32x4.add (local.get $a0) (i32x4.dot_i16x8_s (i16x8.extend_low_i8x16_s (local.get $r)) (v128.load (local.get $qi)))))
            (local.set $a1 (i32x4.add (local.get $a1) (i32x4.dot_i16x8_s (i16x8.extend_high_i8x16_s (local.get $r)) (v128.load offset=16 (local.get $qi)))))
            (local.set $qi (i32.add (local.get $qi) (i32.const 32)))
            (local.set $mi (i32.add (local.get $mi) (i32.const 16)))
            (br $step)))
        (local.set $a0 (i32x4.add (local.get $a0) (local.get $a1)))
        (i32.store (local.get $out)
          (i32.add
            (i32.add (i32x4.extract_lane 0 (local.get $a0)) (i32x4.extract_lane 1 (local.get $a0)))
            (i32.add (i32x4.extract_lane 2 (local.get $a0)) (i32x4.extract_lane 3 (local.get $a0)))))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (br $row)))))

import { onnx } from 'onnx-proto';

/** Weights of the model as published (TensorFlow.js layout): little-endian float32 by name. */
export interface UseLiteWeights {
  get(name: string): { shape: number[]; data: Buffer } | undefined;
}

const ENCODE = 'module_apply_default/Encoder_en/KonaTransformer/Encode/';
const TIMESCALES = `${ENCODE}TransformerStack/Layer_0/AddTimingSignal/TimingSignal/ExpandDims_1`;
const HEADS = 4;
const { FLOAT, INT64 } = onnx.TensorProto.DataType;

/**
 * The Universal Sentence Encoder (lite) as an ONNX graph, built from its published weights (by
 * the build step, build-sentence-encoder.ts): the same computation as the TensorFlow graph
 * (checked in the tests), in operations that ONNX Runtime runs natively, on a batch of texts at
 * once. The matrix products use int8 weights (one scale per output column) through ONNX
 * Runtime's dynamically quantised product: several times faster than float32, with vectors
 * within a rounding error of the reference (the tests bound it). Inputs: `ids` (the
 * word pieces, int64 [b, n], padded), `mask` (1 for a piece, 0 for padding, float [b, n]) and
 * `timing` (the sinusoidal position signal, float [n, 256], see timingSignal). Output:
 * `embedding`, [b, 512], before normalisation.
 *
 * The architecture, read off the TensorFlow graph: embeddings (256-d) doubled plus the timing
 * signal; two pre-norm transformer layers (4 heads; the first widens to 512 with a projected
 * residual); mean over the pieces; a 512-d tanh layer.
 */
export function useLiteOnnx(weights: UseLiteWeights): Uint8Array {
  const initializers: onnx.ITensorProto[] = [];
  const nodes: onnx.INodeProto[] = [];
  let next = 0;
  const name = (prefix: string) => `${prefix}${next++}`;
  const tensor = (dims: number[], rawData: Uint8Array, dataType = FLOAT) => {
    const n = name('w');
    initializers.push({ name: n, dims, dataType, rawData });
    return n;
  };
  const weight = (key: string) => {
    const w = weights.get(key);
    if (!w) throw new Error(`sentence encoder: weight ${key} missing from the model package`);
    return tensor(w.shape, w.data);
  };
  const scalar = (v: number) => tensor([], new Uint8Array(new Float32Array([v]).buffer));
  const ints = (values: number[]) =>
    tensor([values.length], new Uint8Array(BigInt64Array.from(values.map(BigInt)).buffer), INT64);
  const op = (opType: string, input: string[], attrs: Record<string, number | number[]> = {}) => {
    const out = name('t');
    const attribute = Object.entries(attrs).map(
      ([n, v]): onnx.IAttributeProto =>
        Array.isArray(v)
          ? { name: n, ints: v, type: onnx.AttributeProto.AttributeType.INTS }
          : Number.isInteger(v)
            ? { name: n, i: v, type: onnx.AttributeProto.AttributeType.INT }
            : { name: n, f: v, type: onnx.AttributeProto.AttributeType.FLOAT },
    );
    nodes.push({ opType, input, output: [out], attribute });
    return out;
  };
  const layerNorm = (x: string, prefix: string) =>
    op(
      'LayerNormalization',
      [
        x,
        weight(`${prefix}layer_prepostprocess/layer_norm/layer_norm_scale/ConcatPartitions/concat`),
        weight(`${prefix}layer_prepostprocess/layer_norm/layer_norm_bias/ConcatPartitions/concat`),
      ],
      {
        axis: -1,
        epsilon: 1e-6,
      },
    );
  // Weights as int8 per output column, products by ONNX Runtime's dynamically quantised matrix
  // product (int8 arithmetic; the activations are quantised on the fly).
  const dense = (x: string, kernel: string, bias: string, kernelDims?: number[]) => {
    const w = weights.get(kernel);
    if (!w) throw new Error(`sentence encoder: weight ${kernel} missing from the model package`);
    const [rows, cols] = kernelDims ?? w.shape;
    const f = new Float32Array(Uint8Array.from(w.data).buffer);
    const scales = new Float32Array(cols);
    for (let c = 0; c < cols; c++) {
      let max = 0;
      for (let r = 0; r < rows; r++) max = Math.max(max, Math.abs(f[r * cols + c]));
      scales[c] = max / 127 || 1;
    }
    const q = new Int8Array(rows * cols);
    for (let i = 0; i < q.length; i++) q[i] = Math.round(f[i] / scales[i % cols]);
    const b = tensor([rows, cols], new Uint8Array(q.buffer), onnx.TensorProto.DataType.INT8);
    const sc = tensor([cols], new Uint8Array(scales.buffer));
    const zp = tensor([cols], new Uint8Array(cols), onnx.TensorProto.DataType.INT8);
    const out = name('t');
    nodes.push({
      opType: 'DynamicQuantizeMatMul',
      domain: 'com.microsoft',
      input: [x, b, sc, zp, weight(bias)],
      output: [out],
    });
    return out;
  };

  // Pieces [b, n]; padding has mask 0: ignored as an attention key and in the mean.
  let x = op('Add', [op('Mul', [op('Gather', [weight('module/Embeddings_en'), 'ids']), scalar(2)]), 'timing']);
  const keyBias = op('Unsqueeze', [op('Mul', [op('Sub', ['mask', scalar(1)]), scalar(1e9)]), ints([1, 2])]); // [b, 1, 1, n]
  for (const i of [0, 1]) {
    const own = `${ENCODE}Layer_${i}/TransformerLayer/`;
    const stack = `${ENCODE}TransformerStack/Layer_${i}/TransformerLayer/`;
    const vars = `module/Encoder_en/KonaTransformer/Encode/Layer_${i}/TransformerLayer/MultiheadAttention/`;
    const qkvShape = weights.get(`${vars}qkv_transform_single/kernel/part_0`)?.shape ?? [];
    const width = qkvShape[3] / 3;
    const depth = width / HEADS;
    // 1x1 convolutions in the graph: matrix products here.
    const qkv = dense(
      layerNorm(x, own),
      `${vars}qkv_transform_single/kernel/part_0`,
      `${own}MultiheadAttention/qkv_transform_single/bias/ConcatPartitions/concat`,
      qkvShape.slice(2),
    );
    const [q, k, v] = [0, 1, 2].map((j) =>
      op(
        'Transpose',
        [
          op('Reshape', [
            op('Slice', [qkv, ints([j * width]), ints([(j + 1) * width]), ints([2])]),
            ints([0, -1, HEADS, depth]),
          ]),
        ],
        { perm: [0, 2, 1, 3] },
      ),
    );
    const logits = op('Add', [
      op('MatMul', [op('Mul', [q, scalar(1 / Math.sqrt(depth))]), op('Transpose', [k], { perm: [0, 1, 3, 2] })]),
      keyBias,
    ]);
    const attended = op('Reshape', [
      op('Transpose', [op('MatMul', [op('Softmax', [logits], { axis: -1 }), v])], { perm: [0, 2, 1, 3] }),
      ints([0, -1, width]),
    ]);
    const outShape = weights.get(`${vars}output_transform_single/kernel/part_0`)?.shape ?? [];
    const projected = dense(
      attended,
      `${vars}output_transform_single/kernel/part_0`,
      `${own}MultiheadAttention/output_transform_single/bias/ConcatPartitions/concat`,
      outShape.slice(2),
    );
    const residual = weights.get(`${own}dense/kernel/ConcatPartitions/concat`)
      ? dense(x, `${own}dense/kernel/ConcatPartitions/concat`, `${own}dense/bias/ConcatPartitions/concat`)
      : x;
    const r = op('Add', [projected, residual]);
    const inner = op('Relu', [
      dense(
        layerNorm(r, `${own}FFN/`),
        `${stack}FFN/conv1/Tensordot/Reshape_1`,
        `${own}FFN/conv1/bias/ConcatPartitions/concat`,
      ),
    ]);
    x = op('Add', [
      dense(inner, `${stack}FFN/conv2/Tensordot/Reshape_1`, `${own}FFN/conv2/bias/ConcatPartitions/concat`),
      r,
    ]);
  }
  const masked = op('Mul', [x, op('Unsqueeze', ['mask', ints([2])])]);
  const pooled = op('Div', [
    op('ReduceSum', [masked, ints([1])], { keepdims: 0 }),
    op('ReduceSum', ['mask', ints([1])], { keepdims: 1 }),
  ]); // [b, 512]
  op('Tanh', [
    dense(
      pooled,
      'module/Encoder_en/hidden_layers/tanh_layer_0/weights',
      'module/Encoder_en/hidden_layers/tanh_layer_0/bias',
    ),
  ]);
  nodes[nodes.length - 1].output = ['embedding'];

  const input = (n: string, elemType: number, dims: (number | string)[]): onnx.IValueInfoProto => ({
    name: n,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) },
      },
    },
  });
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'answerdesk',
    opsetImport: [
      { domain: '', version: 17 },
      { domain: 'com.microsoft', version: 1 },
    ],
    graph: {
      name: 'universal-sentence-encoder-lite',
      node: nodes,
      initializer: initializers,
      input: [input('ids', INT64, ['b', 'n']), input('mask', FLOAT, ['b', 'n']), input('timing', FLOAT, ['n', 256])],
      output: [input('embedding', FLOAT, ['b', 512])],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}

/** The position signal for `n` pieces: sin and cos of position x inverse timescale, [n, 256]. */
export function timingSignal(weights: UseLiteWeights, n: number): Float32Array {
  const w = weights.get(TIMESCALES);
  if (!w) throw new Error('sentence encoder: timing scales missing from the model package');
  const inverse = new Float32Array(Uint8Array.from(w.data).buffer);
  const half = inverse.length;
  const out = new Float32Array(n * half * 2);
  for (let p = 0; p < n; p++) {
    for (let j = 0; j < half; j++) {
      out[p * half * 2 + j] = Math.sin(p * inverse[j]);
      out[p * half * 2 + half + j] = Math.cos(p * inverse[j]);
    }
  }
  return out;
}

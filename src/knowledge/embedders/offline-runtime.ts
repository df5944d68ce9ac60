/**
 * ONNX Runtime (1.29 and later) sends usage telemetry to Microsoft and writes a device id under
 * the home folder unless ORT_DISABLE_TELEMETRY is set when it starts; CI=true also silences it,
 * which is why only a run without CI shows it. The runtime reads the process environment
 * natively, which a worker thread's `process.env` does not reach, so the main thread sets it
 * before any thread loads the runtime. Always `1`: a server that promises to run offline does
 * not phone home, whatever the environment says.
 */
export function keepRuntimeOffline(): void {
  process.env.ORT_DISABLE_TELEMETRY = '1';
}

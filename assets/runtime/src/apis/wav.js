// PCM and WAV bytes of recorded audio: 16-bit little-endian samples,
// channels interleaved, as the phone's recorder writes format 'wav' and 'PCM'.

// pcm16 interleaves channel buffers (Float32Array each, one per channel, of
// equal length) into 16-bit samples.
export function pcm16(channels) {
  const n = channels[0]?.length ?? 0;
  const out = new DataView(new ArrayBuffer(n * channels.length * 2));
  let o = 0;
  for (let i = 0; i < n; i++) {
    for (const ch of channels) {
      const v = Math.max(-1, Math.min(1, ch[i]));
      out.setInt16(o, v < 0 ? v * 0x8000 : v * 0x7fff, true);
      o += 2;
    }
  }
  return new Uint8Array(out.buffer);
}

// wavHeader is the 44-byte RIFF header of dataBytes of 16-bit PCM.
export function wavHeader(dataBytes, sampleRate, channels) {
  const h = new DataView(new ArrayBuffer(44));
  const ascii = (at, s) => { for (let i = 0; i < s.length; i++) h.setUint8(at + i, s.charCodeAt(i)); };
  ascii(0, 'RIFF');
  h.setUint32(4, 36 + dataBytes, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  h.setUint32(16, 16, true); // the fmt chunk's size
  h.setUint16(20, 1, true); // PCM
  h.setUint16(22, channels, true);
  h.setUint32(24, sampleRate, true);
  h.setUint32(28, sampleRate * channels * 2, true); // bytes a second
  h.setUint16(32, channels * 2, true); // bytes a frame
  h.setUint16(34, 16, true); // bits a sample
  ascii(36, 'data');
  h.setUint32(40, dataBytes, true);
  return new Uint8Array(h.buffer);
}

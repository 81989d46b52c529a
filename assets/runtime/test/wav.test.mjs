// The recorder's PCM and WAV bytes (apis/wav.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pcm16, wavHeader } from '../src/apis/wav.js';

test('pcm16: 16-bit little-endian samples, channels interleaved, clipped at ±1', () => {
  for (const [channels, want] of [
    [[new Float32Array([0, 1, -1, 0.5])], [0, 0, 0xff, 0x7f, 0x00, 0x80, 0xff, 0x3f]],
    [[new Float32Array([2, -3])], [0xff, 0x7f, 0x00, 0x80]], // beyond ±1: clipped
    [[new Float32Array([1, 0]), new Float32Array([-1, 0.25])], [0xff, 0x7f, 0x00, 0x80, 0, 0, 0xff, 0x1f]],
    [[new Float32Array([])], []],
    [[], []],
  ]) assert.deepEqual([...pcm16(channels)], want, JSON.stringify(channels.map((c) => [...c])));
});

test('wavHeader: the RIFF header of 16-bit PCM', () => {
  const h = wavHeader(32000, 16000, 1);
  const v = new DataView(h.buffer);
  const tag = (at) => String.fromCharCode(...h.subarray(at, at + 4));
  assert.equal(h.length, 44);
  assert.deepEqual([tag(0), tag(8), tag(12), tag(36)], ['RIFF', 'WAVE', 'fmt ', 'data']);
  assert.deepEqual(
    [v.getUint32(4, true), v.getUint32(16, true), v.getUint16(20, true), v.getUint16(22, true), v.getUint32(24, true), v.getUint32(28, true), v.getUint16(32, true), v.getUint16(34, true), v.getUint32(40, true)],
    [36 + 32000, 16, 1, 1, 16000, 32000, 2, 16, 32000],
  );
  const stereo = new DataView(wavHeader(0, 44100, 2).buffer);
  assert.deepEqual([stereo.getUint16(22, true), stereo.getUint32(28, true), stereo.getUint16(32, true), stereo.getUint32(40, true)], [2, 176400, 4, 0]);
});

import { parseFile, parseStream, type IAudioMetadata } from 'music-metadata';
import { refuse } from '../failures';
import type { Extractor, ExtractionInput } from './types';

function duration(seconds: number): string {
  const whole = Math.round(seconds);
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = whole % 60;
  return h > 0 ? `${h} h ${m} min ${s} s` : m > 0 ? `${m} min ${s} s` : `${s} s`;
}

/** The technical description that is always indexed, so a recording is findable at least so. */
export function describeMedia(meta: IAudioMetadata, contentType: string, filename: string): string {
  const { format, common } = meta;
  const kind = contentType.startsWith('video/') ? 'Video' : 'Audio';
  const videoTrack = format.trackInfo.find((track) => track.video);
  const video = videoTrack?.video;
  // A container with a picture names its audio codec in `codec`; the picture's is the track's.
  const videoCodec = videoTrack?.codecName;
  const lines = [
    `${kind} file ${filename}`,
    format.duration ? `Duration: ${duration(format.duration)}` : undefined,
    format.container ? `Container: ${format.container}` : undefined,
    videoCodec ? `Video codec: ${videoCodec}` : undefined,
    format.codec ? `${videoCodec ? 'Audio codec' : 'Codec'}: ${format.codec}` : undefined,
    format.sampleRate ? `Sample rate: ${format.sampleRate} Hz` : undefined,
    format.numberOfChannels ? `Channels: ${format.numberOfChannels}` : undefined,
    video?.pixelWidth ? `Picture: ${video.pixelWidth} x ${video.pixelHeight}` : undefined,
    common.title ? `Title: ${common.title}` : undefined,
    common.artist ? `Artist: ${common.artist}` : undefined,
    common.album ? `Album: ${common.album}` : undefined,
    common.comment?.length ? `Comment: ${common.comment.join(' ')}` : undefined,
  ];
  return lines.filter(Boolean).join('\n');
}

async function readMetadata(input: ExtractionInput): Promise<IAudioMetadata> {
  const { source, contentType } = input;
  try {
    if (source.spoolable) return await parseFile((await source.spool()).path, { duration: true });
    // Too big to copy: the parser reads the stream and skips what it does not need.
    const stream = await source.stream();
    try {
      return await parseStream(stream, { mimeType: contentType, size: source.sizeBytes });
    } finally {
      stream.destroy();
    }
  } catch (error) {
    if ((error as Error).name === 'AnalysisRefusal') throw error;
    throw refuse('CORRUPT_FILE', 'The recording could not be read.');
  }
}

/** Audio and video: technical metadata always, a transcript when a provider is configured. */
export const mediaExtractor: Extractor = {
  name: 'media',
  async extract(input) {
    const meta = await readMetadata(input);
    input.budget.add({ text: describeMedia(meta, input.contentType, input.filename) });

    const { transcriber, source } = input;
    if (!transcriber || source.sizeBytes > transcriber.maxBytes) return;
    await input.progress('transcription');
    const transcript = await transcriber.transcribe((await source.spool()).path, input.filename);
    input.budget.add({ text: transcript });
  },
};

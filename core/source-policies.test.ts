import { configureSizeCaps, getSourcePolicy, isMimeTypeAllowed } from './source-policies';

afterEach(() => configureSizeCaps({}));

describe('a source type policy', () => {
  it('keeps its own cap until the configuration sets one', () => {
    const own = getSourcePolicy('task_attachment')?.maxSizeBytes;

    configureSizeCaps({ task_attachment: 2048 });
    const configured = getSourcePolicy('task_attachment');
    configureSizeCaps({});

    expect(own).toBe(100 * 1024 * 1024);
    expect(configured).toMatchObject({ sourceType: 'task_attachment', maxSizeBytes: 2048 });
    expect(getSourcePolicy('task_attachment')?.maxSizeBytes).toBe(own);
  });

  it('allows a MIME type by family and ignores its parameters', () => {
    const recording = getSourcePolicy('recording')!;

    expect(isMimeTypeAllowed(recording, 'video/mp4')).toBe(true);
    expect(isMimeTypeAllowed(recording, 'Audio/Ogg; codecs=opus')).toBe(true);
    expect(isMimeTypeAllowed(recording, 'application/pdf')).toBe(false);
  });
});

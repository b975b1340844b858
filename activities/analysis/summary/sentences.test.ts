import { candidateSentences, unwrapLines } from './sentences';

describe('sentences of text whose lines a layout wrapped', () => {
  it('joins the lines of a wrapped sentence and keeps headings, lists and paragraphs apart', () => {
    const text = [
      'Release notes',
      '',
      'The upload limit is now two gigabytes for every workspace on the business plan, up',
      'from one gigabyte, and large files resume after a dropped connection.',
      'What changed:',
      '- Faster uploads over slow links',
      '- A search page for each workspace',
    ].join('\n');

    expect(unwrapLines(text).split('\n')).toEqual([
      'Release notes',
      '',
      'The upload limit is now two gigabytes for every workspace on the business plan, up ' +
        'from one gigabyte, and large files resume after a dropped connection.',
      'What changed:',
      '- Faster uploads over slow links',
      '- A search page for each workspace',
    ]);
  });

  it('offers whole sentences, not a heading or the cut end of a chunk', () => {
    const text =
      'Quarterly review\n\nRevenue grew in every region this quarter. The new stores in the ' +
      'north opened early and sold more than planned. Costs rose with the';

    expect(candidateSentences(text, 'en')).toEqual([
      'Revenue grew in every region this quarter.',
      'The new stores in the north opened early and sold more than planned.',
    ]);
  });

  it('offers the lines of a text that has no whole sentence, such as a slide', () => {
    const slide = 'Roadmap for the mobile app\nOffline mode in the third quarter';

    expect(candidateSentences(slide, 'en')).toEqual([
      'Roadmap for the mobile app',
      'Offline mode in the third quarter',
    ]);
  });
});

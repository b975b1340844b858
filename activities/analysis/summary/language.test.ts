import { detectLanguage } from './language';

describe('the language of a paragraph', () => {
  it('is named', () => {
    const english =
      'The quarterly report shows that revenue grew by twelve percent, mostly because the ' +
      'new stores in the north opened earlier than planned and sold more than expected.';
    const german =
      'Der Quartalsbericht zeigt, dass der Umsatz um zwölf Prozent gestiegen ist, vor allem ' +
      'weil die neuen Filialen im Norden früher als geplant eröffnet wurden.';

    expect(detectLanguage(english)).toBe('en');
    expect(detectLanguage(german)).toBe('de');
  });

  it('is undetermined rather than guessed on a line too short to tell', () => {
    // The detector's best guess for this English line is Italian, at 5% confidence.
    expect(detectLanguage('Quarterly report: revenue grew 12 percent.')).toBe('und');
    expect(detectLanguage('')).toBe('und');
  });
});

describe('the language of short notes', () => {
  it.each([
    'Meeting notes: ship the upload API on Friday.',
    'Call the bank about the loan.',
    'Standup notes: Marco is out on Friday, so the demo for the client moves to Monday at ten.',
    'Sync with Priya and Jonas. The launch is in May; the export waits until the audit is done.',
  ])('is English where the function words say so: %s', (notes) => {
    expect(detectLanguage(notes)).toBe('en');
  });

  it.each([
    ['de', 'Die Besprechung ist am Freitag.'],
    ['fr', 'La réunion est lundi à dix heures.'],
  ])('is %s for a line in it', (language, line) => {
    expect(detectLanguage(line)).toBe(language);
  });
});

describe('the language of a line that is not prose', () => {
  it.each([
    // Product codes and part names: the detector is sure of Berber, Czech and English.
    'SKU-4471 AX-220 BX-310 CX-1102 DX-77 EX-9',
    'KX-100 KX-200 KX-300 ZT-9 ZT-10',
    'USB-C HDMI DP VGA RJ45',
    'Oslo 12; Bergen 7; Tromsø 3; Stavanger 9; Ålesund 4; Bodø 2',
  ])('stays undetermined: %s', (line) => {
    expect(detectLanguage(line)).toBe('und');
  });
});

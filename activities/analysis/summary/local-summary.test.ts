import { detectLanguage } from './local-summary';

describe('the local summary’s language', () => {
  it('names the language of a paragraph', () => {
    const english =
      'The quarterly report shows that revenue grew by twelve percent, mostly because the ' +
      'new stores in the north opened earlier than planned and sold more than expected.';
    const german =
      'Der Quartalsbericht zeigt, dass der Umsatz um zwölf Prozent gestiegen ist, vor allem ' +
      'weil die neuen Filialen im Norden früher als geplant eröffnet wurden.';

    expect(detectLanguage(english)).toBe('en');
    expect(detectLanguage(german)).toBe('de');
  });

  it('says undetermined rather than guess on a line too short to tell', () => {
    // The detector's best guess for this English line is Italian, at 5% confidence.
    expect(detectLanguage('Quarterly report: revenue grew 12 percent.')).toBe('und');
    expect(detectLanguage('')).toBe('und');
  });
});

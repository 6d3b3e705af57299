import { parseItemScore, scoreInnovation, scoreStation, ScoreError, validateItemScore } from './scoring';
import { itemsFor, loadPolicy } from './testing/fixtures';

const policy = loadPolicy();

describe('validateItemScore', () => {
  it('accepts [0, max] of a known item', () => {
    expect(() => validateItemScore(policy, 'workStyle', 150)).not.toThrow();
    expect(() => validateItemScore(policy, 'workStyle', 0)).not.toThrow();
  });
  it('refuses out of range, fractions of tenths and unknown items', () => {
    expect(() => validateItemScore(policy, 'serveCentre', 101)).toThrow('score of serveCentre must be between 0 and 10.0, got 10.1');
    expect(() => validateItemScore(policy, 'serveCentre', -1)).toThrow(ScoreError);
    expect(() => validateItemScore(policy, 'serveCentre', 9.5)).toThrow(/integer number of tenths/);
    expect(() => validateItemScore(policy, 'charisma', 5)).toThrow(/unknown rubric item "charisma"/);
  });
});

describe('parseItemScore', () => {
  it('parses with the policy decimals and checks the item range', () => {
    expect(parseItemScore(policy, 'satisfaction', '9.5')).toBe(95);
    expect(() => parseItemScore(policy, 'satisfaction', '10.5')).toThrow(/between 0 and 10.0/);
    expect(() => parseItemScore(policy, 'satisfaction', '9.55')).toThrow(/decimal place/);
  });
});

describe('scoreInnovation', () => {
  it('caps two national + one province (13 points) at 10 and says which was capped', () => {
    const r = scoreInnovation(policy, [
      { id: 'p1', level: 'province', verified: true },
      { id: 'n1', level: 'national', verified: true },
      { id: 'n2', level: 'national', verified: true },
    ]);
    expect(r.rawTenths).toBe(130);
    expect(r.bonusTenths).toBe(100);
    expect(r.counted.map((c) => c.id)).toEqual(['n1', 'n2']);
    expect(r.capped).toEqual([{ id: 'p1', level: 'province', pointsTenths: 30, countedTenths: 0, cappedTenths: 30 }]);
  });

  it('counts part of a recognition that crosses the cap', () => {
    const r = scoreInnovation(policy, [
      { id: 'n1', level: 'national', verified: true },
      { id: 'p1', level: 'province', verified: true },
      { id: 'p2', level: 'province', verified: true },
    ]);
    expect(r.bonusTenths).toBe(100);
    expect(r.counted.map((c) => [c.id, c.countedTenths])).toEqual([['n1', 50], ['p1', 30], ['p2', 20]]);
    expect(r.capped.map((c) => [c.id, c.cappedTenths])).toEqual([['p2', 10]]);
  });

  it('refuses unverified, duplicate and unknown-level recognitions', () => {
    const r = scoreInnovation(policy, [
      { id: 'd1', level: 'district', verified: true },
      { id: 'd1', level: 'district', verified: true },
      { id: 'c1', level: 'city', verified: false },
      { id: 'x', level: 'galactic' as never, verified: true },
    ]);
    expect(r.bonusTenths).toBe(10);
    expect(r.refused.map((x) => [x.id, x.reason])).toEqual([
      ['d1', '重复登记的同一表彰,不重复计分'],
      ['c1', '未经核实,不计分'],
      ['x', '未知的表彰级别“galactic”'],
    ]);
  });
});

describe('scoreStation', () => {
  it('sums parts and adds the bonus', () => {
    const s = scoreStation(policy, {
      items: itemsFor(policy, 455, 443),
      recognitions: [{ id: 'c', level: 'city', verified: true }],
    });
    expect(s.partTenths).toEqual({ daily: 455, special: 443 });
    expect(s.innovation.bonusTenths).toBe(20);
    expect(s.totalTenths).toBe(918);
  });

  it('refuses missing items unless allowed', () => {
    const items = itemsFor(policy, 500, 500);
    delete items.satisfaction;
    expect(() => scoreStation(policy, { items, recognitions: [] })).toThrow('items not scored: satisfaction');
    const s = scoreStation(policy, { items, recognitions: [] }, { allowMissingItems: true });
    expect(s.missingItems).toEqual(['satisfaction']);
    expect(s.totalTenths).toBe(900);
  });

  it('refuses unknown items and out-of-range scores', () => {
    expect(() => scoreStation(policy, { items: { ...itemsFor(policy, 500, 500), extra: 1 }, recognitions: [] })).toThrow(/unknown rubric item/);
    expect(() => scoreStation(policy, { items: { ...itemsFor(policy, 500, 500), satisfaction: 101 }, recognitions: [] })).toThrow(/between 0 and 10.0/);
  });
});

import { announcementStatus, CreateAnnouncementSchema, nextAnnouncementChange } from './announcements';

describe('announcement rules', () => {
  const a = { startsAt: '2026-03-01T08:00:00Z', endsAt: '2026-03-31T22:00:00Z' };

  it('is scheduled before its start, active from it, ended from its end', () => {
    expect(announcementStatus(a, new Date('2026-03-01T07:59:59Z'))).toBe('scheduled');
    expect(announcementStatus(a, new Date('2026-03-01T08:00:00Z'))).toBe('active');
    expect(announcementStatus(a, new Date('2026-03-31T22:00:00Z'))).toBe('ended');
  });

  it('changes by itself at the earliest end shown or start to come', () => {
    expect(nextAnnouncementChange([{ endsAt: '2026-03-31T22:00:00Z' }], ['2026-03-10T08:00:00.000Z'])).toBe('2026-03-10T08:00:00.000Z');
    expect(nextAnnouncementChange([{ endsAt: '2026-03-02T00:00:00Z' }], [])).toBe('2026-03-02T00:00:00.000Z');
    expect(nextAnnouncementChange([], [])).toBeNull();
  });

  it('wants an end after the start and an audience', () => {
    const base = { title: 'Quota', severity: 'info', ...a, allEnti: true };
    expect(CreateAnnouncementSchema.safeParse(base).success).toBe(true);
    const reversed = CreateAnnouncementSchema.safeParse({ ...base, endsAt: a.startsAt });
    expect(reversed.error?.issues.map((i) => i.path.join('.'))).toEqual(['endsAt']);
    const nobody = CreateAnnouncementSchema.safeParse({ ...base, allEnti: false });
    expect(nobody.error?.issues.map((i) => i.path.join('.'))).toEqual(['enteIds']);
    expect(CreateAnnouncementSchema.safeParse({ ...base, startsAt: '1999-12-31T23:00:00Z' }).success).toBe(false);
  });
});

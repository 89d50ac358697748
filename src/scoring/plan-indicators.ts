import type { CommunityKind, Standard } from '../standards/standard.js';
import type { IndicatorData, PlanIndicator } from '../standards/plan-indicators.js';

export type { IndicatorData };
import type { Community } from './communities.js';
import type { CommunityScore } from './score-communities.js';
import type { KindSummary } from './city-summary.js';
import type { QuotaResult } from './quotas.js';
import type { Presence } from './presence.js';

/** measured: the data answer it; needs-data: `needs` says what would; not-spatial: not a question of places. */
export type IndicatorStatus = 'measured' | 'needs-data' | 'not-spatial';

export interface IndicatorResult {
  readonly id: string;
  readonly clause: string;
  readonly name: string;
  readonly nameZh: string;
  readonly targetText: string;
  readonly target?: number;
  readonly strive?: boolean;
  readonly status: IndicatorStatus;
  /** Measured value: a share in [0, 1] for shares, else the count or rate. */
  readonly value?: number;
  readonly unit: 'share' | 'count' | 'rate';
  /** Whether the value reaches the target; undefined when not assessed or the plan gives no figure. Never true without data. */
  readonly met?: boolean;
  /** Where the figure is short: share of communities (or streets) meeting the quota on their own. */
  readonly shareMeeting?: number;
  /** How the value was formed, or why it is missing. */
  readonly detail: string;
  /** For needs-data: which field of which input would supply it. */
  readonly needs?: string;
}

export interface IndicatorInputs {
  readonly communities: readonly Community[];
  readonly scores: readonly CommunityScore[];
  readonly kinds: readonly KindSummary[];
  readonly quotas: readonly QuotaResult[];
  readonly presence: Presence;
  readonly data?: IndicatorData;
}

const CSV = 'the indicators CSV (--indicators)';

/** The standard's plan indicators against the data: one row each, in the standard's order. */
export function measureIndicators(standard: Standard, x: IndicatorInputs): IndicatorResult[] {
  return (standard.indicators ?? []).map((ind) => ({ ...head(ind), ...measureOne(ind, x) }));
}

function head(ind: PlanIndicator) {
  return {
    id: ind.id, clause: ind.clause, name: ind.name, nameZh: ind.nameZh, targetText: ind.targetText,
    ...(ind.target !== undefined ? { target: ind.target } : {}), ...(ind.strive ? { strive: true } : {}),
  };
}

type Measured = Omit<IndicatorResult, keyof ReturnType<typeof head>>;

function measureOne(ind: PlanIndicator, x: IndicatorInputs): Measured {
  const m = ind.measure;
  const reach = (value: number): boolean | undefined => (ind.target === undefined ? undefined : value >= ind.target - 1e-9);
  const kindWord = (k: CommunityKind) => (k === 'urban' ? 'urban communities' : 'villages');
  switch (m.type) {
    case 'attainment': {
      const k = x.kinds.find((s) => s.kind === m.kind);
      if (!k || k.scored === 0) return { status: 'needs-data', unit: 'share', detail: `no ${kindWord(m.kind)} scored`, needs: `${kindWord(m.kind)} in the communities file` };
      const value = k.share[m.level] ?? 0;
      return { status: 'measured', unit: 'share', value, met: reach(value), detail: `${k.attained[m.level] ?? 0} of ${k.scored} ${kindWord(m.kind)}` };
    }
    case 'rule': {
      const relevant = x.scores.filter((s) => s.scored && s.community.kind === m.kind && s.rules.some((o) => o.rule.category === m.category && !o.rule.within));
      if (relevant.length === 0) return { status: 'needs-data', unit: 'share', detail: `no scored ${kindWord(m.kind)} with a ${m.category} distance rule`, needs: `${kindWord(m.kind)} in the communities file` };
      const meeting = relevant.filter((s) => s.rules.every((o) => o.rule.category !== m.category || o.rule.within !== undefined || o.met)).length;
      const value = meeting / relevant.length;
      return { status: 'measured', unit: 'share', value, met: reach(value), detail: `${meeting} of ${relevant.length} ${kindWord(m.kind)} meet the ${m.category} rule` };
    }
    case 'presence': {
      const communities = x.communities.filter((c) => m.kind === undefined || c.kind === m.kind);
      if (m.within === 'community') {
        const having = communities.filter((c) => x.presence.has(c.index, 'community', m.category, m.types)).length;
        const value = communities.length ? having / communities.length : 0;
        return { status: 'measured', unit: 'share', value, met: reach(value), detail: `${having} of ${communities.length} communities have one inside` };
      }
      const streets = new Map<string, number>();
      for (const c of communities) if (c.street !== undefined && !streets.has(c.street)) streets.set(c.street, c.index);
      if (streets.size === 0) return { status: 'needs-data', unit: 'share', detail: 'no community names its street or town', needs: '`street` of each community (communities file)' };
      const having = [...streets.values()].filter((ci) => x.presence.has(ci, 'street', m.category, m.types)).length;
      const value = having / streets.size;
      return { status: 'measured', unit: 'share', value, met: reach(value), detail: `${having} of ${streets.size} streets/towns have one` };
    }
    case 'quota': {
      const q = x.quotas.find((r) => r.id === m.quota);
      if (!q || q.value === undefined) {
        return { status: 'needs-data', unit: 'rate', detail: q?.reason ?? 'the standard has no such quota', needs: q?.needs ?? CSV };
      }
      return {
        status: 'measured', unit: 'rate', value: q.value, met: reach(q.value), detail: q.detail ?? '',
        ...(q.shareMeeting !== undefined ? { shareMeeting: q.shareMeeting } : {}),
      };
    }
    case 'data': {
      const rows = m.per === 'street' ? x.data?.byStreet : x.data?.byCommunity;
      const byId = new Map(x.communities.map((c) => [c.id, c]));
      const needsText = (fields: string[]) => `${fields.join(' and ')} per ${m.per === 'street' ? 'street' : 'community id'} in ${CSV}`;
      if (m.form === 'ratio') {
        let num = 0, den = 0, n = 0;
        for (const [key, r] of rows ?? []) {
          const a = r[m.numerator];
          const b = m.denominator === 'population' ? byId.get(key)?.population : r[m.denominator];
          if (a === undefined || b === undefined) continue;
          num += a; den += b; n++;
        }
        const fields = m.denominator === 'population' ? [m.numerator] : [m.numerator, m.denominator];
        if (n === 0 || den <= 0) return { status: 'needs-data', unit: 'share', detail: 'not assessed: no data', needs: needsText(fields) + (m.denominator === 'population' ? ', with the community\'s population' : '') };
        const value = num / den;
        return { status: 'measured', unit: 'share', value, met: reach(value), detail: `${num} / ${den} over ${n} ${m.per === 'street' ? 'streets/towns' : 'communities'} (${x.data!.source})` };
      }
      let yes = 0, n = 0;
      for (const [key, r] of rows ?? []) {
        if (m.kind !== undefined && byId.get(key)?.kind !== m.kind) continue;
        const v = r[m.field];
        if (v === undefined) continue;
        n++;
        if (v > 0) yes++;
      }
      if (n === 0) return { status: 'needs-data', unit: m.form === 'count-yes' ? 'count' : 'share', detail: 'not assessed: no data', needs: needsText([m.field]) };
      const of = m.per === 'street' ? 'streets/towns' : m.kind ? kindWord(m.kind) : 'communities';
      if (m.form === 'count-yes') return { status: 'measured', unit: 'count', value: yes, met: reach(yes), detail: `${yes} of ${n} ${of} reported` };
      const value = yes / n;
      return { status: 'measured', unit: 'share', value, met: reach(value), detail: `${yes} of ${n} ${of} that report it (${x.data!.source})` };
    }
    case 'none':
      return { status: 'not-spatial', unit: 'share', detail: `not assessed: ${m.why}` };
  }
}

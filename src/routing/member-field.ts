import type { Links } from '../network/link-points.js';
import { seedLink, type FieldGraph } from './distance-field.js';
import type { NetworkSearch } from './network-search.js';

/** The link arrays a member field reads of its points (a worker gets these, not the snap positions). */
export type MemberPoints = Pick<Links, 'count' | 'edge' | 'offsetM' | 'offNetworkM'>;

/**
 * Walking distance from every node to the nearest of the linked points marked in `members` (1), by
 * one search bounded at `boundM` (Infinity beyond it, and everywhere when no member is linked).
 * 2SFCA's reach classes (the residents allowed one walking limit: scoring/two-step-fca.ts) bound the
 * catchment searches with such fields. The same numbers on any thread, so a router's worker may
 * search them (`CatchmentRouter.startMemberFields`).
 */
export function memberField(graph: FieldGraph, search: NetworkSearch, points: MemberPoints, members: Uint8Array, boundM: number): Float64Array {
  search.reset();
  for (let r = 0; r < members.length; r++) if (members[r]) seedLink(graph, search, points, r);
  search.run(boundM);
  const nodeDistM = new Float64Array(graph.nodeCount).fill(Infinity);
  for (let s = 0; s < search.settledCount; s++) nodeDistM[search.settled[s]] = search.distanceM(search.settled[s]);
  return nodeDistM;
}

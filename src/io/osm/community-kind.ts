// A community's kind from its name, where the name says it (the communities input accepts 社区
// and 村 as kinds): a 村 is rural, a 社区 urban. Names of the committee that runs one say the same
// (村委会 / 村民委员会, 居委会 / 居民委员会). A 村 turned into a 社区 (XX村社区) is urban: its
// name ends in 社区.

export type CommunityKind = 'urban' | 'rural';

const URBAN_ENDINGS = ['社区', '居委会', '居民委员会'];
const RURAL_ENDINGS = ['村', '村委会', '村民委员会'];

/** The kind a name states, or undefined when it does not state one. */
export function communityKindFromName(name: string | undefined): CommunityKind | undefined {
  const n = name?.trim();
  if (!n) return undefined;
  if (URBAN_ENDINGS.some((e) => n.endsWith(e))) return 'urban';
  if (RURAL_ENDINGS.some((e) => n.endsWith(e))) return 'rural';
  return undefined;
}

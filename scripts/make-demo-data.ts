// Regenerates data/demo/ (npm run demo:data). Deterministic: the same files every run.
import { fileURLToPath } from 'node:url';
import { writeDemoData } from './synth/demo-city.js';

const dir = fileURLToPath(new URL('../data/demo/', import.meta.url));
const city = await writeDemoData(dir);
console.log(`data/demo: ${city.communities.length} communities, ${city.facilities.length} facilities, ${city.net.edgeCount} network segments`);

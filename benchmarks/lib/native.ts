import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface NativeTimes { treeMs: number; treeChecksum: number; fieldMs: number; fieldChecksum: number }

const SOURCE = fileURLToPath(new URL('../native/dijkstra.cpp', import.meta.url));
const BUILD_DIR = fileURLToPath(new URL('../.cache/native/', import.meta.url));

/** Compiles the C++ Dijkstra with g++ -O2 (once per source change); undefined when g++ is absent. */
export function compileNative(): string | undefined {
  if (spawnSync('g++', ['--version']).status !== 0) return undefined;
  mkdirSync(BUILD_DIR, { recursive: true });
  const binary = `${BUILD_DIR}dijkstra`;
  if (!existsSync(binary) || statSync(binary).mtimeMs < statSync(SOURCE).mtimeMs) {
    execFileSync('g++', ['-O2', '-std=c++17', '-o', binary, SOURCE], { stdio: 'inherit' });
  }
  return binary;
}

export function runNative(binary: string, graphFile: string, repeats: number): NativeTimes {
  return JSON.parse(execFileSync(binary, [graphFile, String(repeats)], { encoding: 'utf8' })) as NativeTimes;
}

export function gxxVersion(): string {
  const r = spawnSync('g++', ['-dumpfullversion'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : 'absent';
}

import { createRequire } from 'node:module';
import type { RenderedImage, ResvgRenderOptions } from '@resvg/resvg-js';

// resvg's native binding, loaded without resvg-js's entry module where that is possible. On Linux the
// entry tells glibc from musl with process.report.getReport(), and in a process with worker threads
// a report waits for every worker to answer: on the main thread of `mrd run`, which loads resvg to help
// the PNG worker (figureRenderer.ts), that call waited 12-50 ms for the figure the worker was drawing
// (4 runs at 446 subjects), against 6 ms without workers. npm installs only the platform packages
// that match the machine (os, cpu and libc: node_modules here holds linux-x64-gnu alone), so the first
// of this platform's packages that loads is the right one; when none loads, the entry module decides,
// as before, and throws its own error if nothing fits.

/** The platform packages resvg-js chooses between with a glibc test, by `${platform}-${arch}`. */
const LIBC_PACKAGES: Readonly<Record<string, readonly string[]>> = {
  'linux-x64': ['@resvg/resvg-js-linux-x64-gnu', '@resvg/resvg-js-linux-x64-musl'],
  'linux-arm64': ['@resvg/resvg-js-linux-arm64-gnu', '@resvg/resvg-js-linux-arm64-musl'],
};

/** An SVG parsed by resvg with its options, ready to draw. */
export interface ResvgDocument {
  render(): RenderedImage;
}

type NativeResvg = new (svg: string, options: string) => ResvgDocument;
type EntryResvg = new (svg: string, options: ResvgRenderOptions) => ResvgDocument;

const require = createRequire(import.meta.url);

/** The binding, loaded with this module (the PNG worker loads it at start, before its first figure). */
const binding = ((): { name: string; parse: (svg: string, options: ResvgRenderOptions) => ResvgDocument } => {
  for (const name of LIBC_PACKAGES[`${process.platform}-${process.arch}`] ?? []) {
    let Native: NativeResvg;
    try {
      Native = (require(name) as { Resvg: NativeResvg }).Resvg;
    } catch {
      continue; // not installed here, or built for the other libc
    }
    return { name, parse: (svg, options) => new Native(svg, JSON.stringify(options)) };
  }
  const Entry = (require('@resvg/resvg-js') as { Resvg: EntryResvg }).Resvg;
  return { name: '@resvg/resvg-js', parse: (svg, options) => new Entry(svg, options) };
})();

/** `svg` parsed by resvg with `options` (the native binding takes them as JSON text, as the entry module passes them). */
export function resvgDocument(svg: string, options: ResvgRenderOptions): ResvgDocument {
  return binding.parse(svg, options);
}

/** The package the binding was loaded from: this platform's, or resvg-js's entry module. */
export const resvgBindingName: string = binding.name;

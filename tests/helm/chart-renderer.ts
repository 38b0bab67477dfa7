import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { TemplateSet } from './template-renderer';

export type Values = Record<string, unknown>;

/** One rendered Kubernetes object, with the template file it came from. */
export interface Manifest {
  readonly source: string;
  readonly object: Record<string, unknown>;
}

export interface Release {
  readonly name: string;
  readonly namespace: string;
}

export function readYaml(file: string): Values {
  return (parse(readFileSync(file, 'utf8')) ?? {}) as Values;
}

/**
 * Helm's coalescing of values: maps merge key by key, anything else in `override` replaces the
 * default, and a null in `override` removes the key.
 */
export function mergeValues(base: Values, override: Values): Values {
  const merged: Values = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const current = merged[key];
    if (value === null) delete merged[key];
    else if (isMap(value) && isMap(current)) merged[key] = mergeValues(current, value);
    else merged[key] = value;
  }
  return merged;
}

function isMap(value: unknown): value is Values {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The template files of a chart, partials (`_*.tpl`) included, by their Helm name. */
export function chartTemplates(chartDir: string): Array<{ name: string; file: string }> {
  const chartName = String(readYaml(path.join(chartDir, 'Chart.yaml')).name);
  return readdirSync(path.join(chartDir, 'templates'))
    .sort()
    .map((file) => ({ name: `${chartName}/templates/${file}`, file: path.join(chartDir, 'templates', file) }));
}

/**
 * What `helm template` prints for this chart, as objects: every template but the partials and
 * NOTES.txt rendered with the chart's values under `overrides`, split into YAML documents.
 */
export function renderChart(chartDir: string, overrides: readonly Values[], release: Release): Manifest[] {
  const chart = readYaml(path.join(chartDir, 'Chart.yaml'));
  const values = overrides.reduce(mergeValues, readYaml(path.join(chartDir, 'values.yaml')));
  const templates = chartTemplates(chartDir);
  const set = new TemplateSet();
  for (const { name, file } of templates) set.add(name, readFileSync(file, 'utf8'));
  const data = {
    Values: values,
    Release: { Name: release.name, Namespace: release.namespace, Service: 'Helm', IsInstall: true, IsUpgrade: false },
    Chart: { Name: chart.name, Version: chart.version, AppVersion: chart.appVersion },
    Template: { BasePath: `${String(chart.name)}/templates` },
  };
  return templates
    .filter(({ name }) => !path.basename(name).startsWith('_') && path.basename(name) !== 'NOTES.txt')
    .flatMap(({ name }) => parseManifests(set.render(name, { ...data, Template: { ...data.Template, Name: name } }), name));
}

/** YAML documents of rendered text; empty ones (a template that rendered nothing) are dropped. */
export function parseManifests(text: string, source: string): Manifest[] {
  return parseAllDocuments(text).flatMap((document) => {
    if (document.errors.length > 0) throw new Error(`${source}: ${document.errors.map((e) => e.message).join('; ')}\n${text}`);
    const object = document.toJS({ maxAliasCount: -1 }) as unknown;
    if (object === null || object === undefined) return [];
    if (!isMap(object)) throw new Error(`${source}: a document that is not a map`);
    const comment = `${document.commentBefore ?? ''}\n${(document.contents as { commentBefore?: string } | null)?.commentBefore ?? ''}`;
    const origin = /Source: (\S+)/.exec(comment)?.[1];
    return [{ source: origin ?? source, object }];
  });
}

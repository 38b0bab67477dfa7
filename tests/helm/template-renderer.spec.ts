import { describe, expect, it } from 'vitest';
import { mergeValues, parseManifests } from './chart-renderer';
import { TemplateSet } from './template-renderer';

/** Renders one template with `data`; the expected outputs are what Go's text/template and Helm print. */
function render(source: string, data: unknown = {}, partials = ''): string {
  return new TemplateSet().add('partials', partials).add('t', source).render('t', data);
}

describe('the Go template subset', () => {
  it('trims white space at {{- and -}}, and drops comments', () => {
    expect(render('a  \n {{- "b" -}} \n  c')).toBe('abc');
    expect(render('a {{ "b" }} c')).toBe('a b c');
    expect(render('x\n{{- /* note */}}\ny{{/* gone */}}')).toBe('x\ny');
  });

  it('reads fields and variables; a missing key prints nothing, a field of nil is an error', () => {
    expect(render('{{ .a.b }}-{{ .missing }}-{{ $.a.b }}', { a: { b: 'v' } })).toBe('v--v');
    expect(() => render('{{ .a.b.c }}', { a: {} })).toThrow(/nil pointer evaluating \.a\.b\.c/);
    expect(() => render('{{ .a.b }}', { a: 'text' })).toThrow(/can't evaluate field b/);
    expect(render('{{ $x := .n }}{{ if true }}{{ $x }}{{ end }}', { n: 3 })).toBe('3');
  });

  it('branches with if / else if / else on Go truth', () => {
    const t = '{{ if .a }}A{{ else if .b }}B{{ else }}C{{ end }}';
    expect([render(t, { a: 1 }), render(t, { a: 0, b: 'x' }), render(t, { a: [], b: {} })]).toEqual(['A', 'B', 'C']);
  });

  it('ranges over maps in key order and over lists, with an else for empty ones', () => {
    expect(render('{{ range $k, $v := .m }}{{ $k }}={{ $v }};{{ end }}', { m: { b: 2, a: 1 } })).toBe('a=1;b=2;');
    expect(render('{{ range $i, $v := .l }}{{ $i }}{{ . }}{{ end }}', { l: ['x', 'y'] })).toBe('0x1y');
    expect(render('{{ range .l }}{{ . }}{{ else }}none{{ end }}', { l: [] })).toBe('none');
  });

  it('sets dot with `with`, and keeps $ as the template data', () => {
    expect(render('{{ with .a }}{{ .b }}{{ $.c }}{{ else }}-{{ end }}', { a: { b: 1 }, c: 2 })).toBe('12');
    expect(render('{{ with .a }}x{{ else }}-{{ end }}', { a: '' })).toBe('-');
  });

  it('includes defined templates, with $ bound to the argument', () => {
    const partials = '{{- define "greet" -}}hi {{ index . 0 }}{{ range . }}{{ index $ 1 }}{{ end }}{{- end -}}';
    expect(render('{{ include "greet" (list "ann" "bob") }}', { x: 1 }, partials)).toBe('hi annbobbob');
    expect(() => render('{{ include "nope" . }}')).toThrow(/No template named "nope"/);
  });

  it('prints YAML as Helm does: sorted keys, no trailing newline, indented by nindent', () => {
    expect(render('k:{{ toYaml .v | nindent 2 }}', { v: { b: [1, 'x'], a: true } })).toBe('k:\n  a: true\n  b:\n    - 1\n    - x');
    expect(render('{{ indent 2 "a\\nb" }}')).toBe('  a\n  b');
  });

  it('quotes, defaults, formats and trims as Sprig does', () => {
    expect(render('{{ .s | quote }} {{ 8080 | quote }} {{ quote .none }}', { s: 'a"b' })).toBe('"a\\"b" "8080" ');
    expect(render('{{ default "d" .e }} {{ default "d" .f }}', { e: '', f: 'f' })).toBe('d f');
    expect(render('{{ printf "%s-%v/%d%%" "a" 1 2 }} {{ print "a" 1 2 "b" }}')).toBe('a-1/2% a1 2b');
    expect(render('{{ "abcdef" | trunc 3 }} {{ "ab-" | trimSuffix "-" }} {{ contains "b" "abc" }}')).toBe('abc ab true');
    expect(render('{{ hasKey .m "a" }} {{ hasKey .m "z" }} {{ index .m "a" }}', { m: { a: 1 } })).toBe('true false 1');
    expect(render('{{ "x" | sha256sum }}')).toBe('2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881');
  });

  it('short-circuits and/or, compares strings, and negates', () => {
    expect(render('{{ and .a .a.b }} {{ or .a "y" }} {{ not .a }}', { a: null })).toBe(' y true');
    expect(render('{{ eq "a" "b" "a" }} {{ ne "a" "a" }}')).toBe('true false');
  });

  it('fails where Helm fails: required, fail', () => {
    expect(() => render('{{ required "need x" .x }}')).toThrow('need x');
    expect(() => render('{{ fail "stop" }}')).toThrow('stop');
  });

  it('refuses what it cannot render as Go would, rather than guessing', () => {
    expect(() => render('{{ .n }}', { n: 1_000_000 })).toThrow(/Go would print this float64 differently/);
    expect(() => render('{{ eq .n 1 }}', { n: 1 })).toThrow(/only strings or booleans/);
    expect(() => render('{{ .m }}', { m: { a: 1 } })).toThrow(/prints a map/);
    expect(() => render('{{ upper "a" }}')).toThrow(/"upper" is not supported/);
    expect(() => render('{{ template "x" }}')).toThrow(/Unsupported action "template"/);
    expect(() => render('{{ if .a }}x')).toThrow(/Expected \{\{ end \}\}/);
  });
});

describe('values and rendered documents', () => {
  it('merges values as Helm does: maps key by key, null removes, anything else replaces', () => {
    expect(mergeValues({ a: { b: 1, c: 2 }, l: [1], d: 1 }, { a: { c: 3 }, l: [2], d: null })).toEqual({ a: { b: 1, c: 3 }, l: [2] });
  });

  it('splits rendered text into its documents, dropping empty ones and naming the template each came from', () => {
    const manifests = parseManifests('---\n# Source: c/templates/a.yaml\nkind: A\n---\n\n---\nkind: B\n', 'fallback');
    expect(manifests).toEqual([
      { source: 'c/templates/a.yaml', object: { kind: 'A' } },
      { source: 'fallback', object: { kind: 'B' } },
    ]);
    expect(() => parseManifests('a: [1\n', 'broken')).toThrow(/broken/);
  });
});

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import * as limits from '../../shared/domain/limits';

const rendererDir = join(import.meta.dirname, '..', '..', 'renderer', 'src');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

function parse(name: string, code: string): ts.SourceFile {
  return ts.createSourceFile(name, code, ts.ScriptTarget.Latest, true, name.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
}

/** The nodes of a source that `rule` flags, as "line: code". */
function flagged(source: ts.SourceFile, rule: (node: ts.Node) => boolean): string[] {
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (rule(node)) found.push(`${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${node.getText().slice(0, 80)}`);
    for (const child of node.getChildren(source)) visit(child);
  };
  visit(source);
  return found;
}

/** What `rule` flags anywhere in renderer/src, as "file:line: code". */
function inRenderer(rule: (node: ts.Node) => boolean): string[] {
  return sources(rendererDir).flatMap((file) => flagged(parse(file, readFileSync(file, 'utf8')), rule).map((hit) => `${relative(rendererDir, file)}:${hit}`));
}

const isNumber = (node: ts.Node | undefined): node is ts.NumericLiteral => node !== undefined && ts.isNumericLiteral(node);

/** A value import of zod: the renderer building a schema of its own. */
function buildsSchema(node: ts.Node): boolean {
  return ts.isImportDeclaration(node) && (node.moduleSpecifier as ts.StringLiteral).text === 'zod' && node.importClause?.isTypeOnly !== true;
}

/** maxLength={63}: a field's length or range limit written as a number. */
function fieldLimitAsNumber(node: ts.Node): boolean {
  return (
    ts.isJsxAttribute(node) &&
    ['maxLength', 'minLength', 'min', 'max'].includes(node.name.getText()) &&
    node.initializer !== undefined &&
    ts.isJsxExpression(node.initializer) &&
    isNumber(node.initializer.expression)
  );
}

const comparisons = new Set([
  ts.SyntaxKind.LessThanToken,
  ts.SyntaxKind.LessThanEqualsToken,
  ts.SyntaxKind.GreaterThanToken,
  ts.SyntaxKind.GreaterThanEqualsToken,
  ts.SyntaxKind.EqualsEqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsEqualsToken,
]);
const isLength = (node: ts.Node) => ts.isPropertyAccessExpression(node) && node.name.text === 'length';

/** pin.length < 4: a length held against a number other than 0 or 1 (empty, one character: the form's own business). */
function lengthRule(node: ts.Node): boolean {
  if (!ts.isBinaryExpression(node) || !comparisons.has(node.operatorToken.kind)) return false;
  const [length, other] = isLength(node.left) ? [node.left, node.right] : [node.right, node.left];
  return isLength(length) && isNumber(other) && other.text !== '0' && other.text !== '1';
}

/** The values of the shared limits, those big enough not to be an ordinary small number. */
const limitValues = new Set(Object.values(limits).filter((value): value is number => typeof value === 'number' && value >= 20));

/** A shared limit's value spelled out; a number named for a time (…Ms, …_MS) is a time, not a limit. */
function spelledLimit(node: ts.Node): boolean {
  if (!isNumber(node) || !limitValues.has(Number(node.text.replace(/_/g, '')))) return false;
  return !(ts.isVariableDeclaration(node.parent) && /(Ms|_MS)$/.test(node.parent.name.getText()));
}

/**
 * DESIGN.md: the renderer asks; it never decides rules (PIN policy, identity confirmation rules,
 * key eligibility, limits): forms validate with the contract's own schemas and the shared
 * limits. A rule constant in the renderer is a copy that drifts from the core's.
 */
describe('the renderer holds no rules of its own: limits and schemas come from the contract', () => {
  it('each check flags what it is for, and lets the right way pass', () => {
    const probe = (rule: (node: ts.Node) => boolean, code: string) => flagged(parse('probe.tsx', code), rule).length;
    expect(probe(buildsSchema, "import { z } from 'zod';")).toBe(1);
    expect(probe(buildsSchema, "import type { z } from 'zod';")).toBe(0);
    expect(probe(fieldLimitAsNumber, 'const a = <input maxLength={63} />;')).toBe(1);
    expect(probe(fieldLimitAsNumber, 'const a = <input maxLength={PIN_MAX} />;')).toBe(0);
    expect(probe(lengthRule, 'const a = pin.length < 4 || 2 > list.length;')).toBe(2);
    expect(probe(lengthRule, 'const a = pin.length > 0 && list.length === 0 && key.length === 1;')).toBe(0);
    expect(probe(spelledLimit, 'const a = text.slice(0, 500);')).toBe(1);
    expect(probe(spelledLimit, 'const DELAY_MS = 120;')).toBe(0);
    expect([limits.PIN_MAX, limits.NOTE_MAX, limits.ROOM_MAX, limits.SCANNED_CODE_MAX].every((value) => limitValues.has(value))).toBe(true);
  });

  it('builds no schema: zod is imported for types only, forms check with the contract\'s schemas', () => {
    expect(inRenderer(buildsSchema)).toEqual([]);
  });

  it('writes no field\'s length or range limit as a number', () => {
    expect(inRenderer(fieldLimitAsNumber)).toEqual([]);
  });

  it('holds no length against a number but 0 or 1: a minimum or a count rule is the core\'s, or a shared limit', () => {
    expect(inRenderer(lengthRule)).toEqual([]);
  });

  it('spells out no shared limit\'s value', () => {
    expect(inRenderer(spelledLimit)).toEqual([]);
  });
});

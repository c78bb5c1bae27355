// Editor data for <pilotstatus-connect>, written from custom-elements.json by `npm run build`:
// dist/vscode.html-custom-data.json (VS Code's HTML custom data, enabled through `html.customData`) and
// dist/web-types.json (JetBrains IDEs, found through package.json's "web-types"). Both are ASCII JSON.
import {readFileSync, writeFileSync} from 'node:fs';

const root = new URL('..', import.meta.url);
const json = (value) =>
  `${JSON.stringify(value, null, 2).replace(/[^\0-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}\n`;
const text = (value) => (value ?? '').replace(/\s*\n\s*/g, ' ').trim();

/** `'a' | 'b'` as ['a', 'b']; null unless every member of the union is a string literal. */
function literals(type) {
  const members = (type ?? '').split('|').map((member) => member.trim());
  const values = members.map((member) => /^'([^']*)'$/.exec(member)?.[1]);
  return values.length > 1 && values.every((value) => value !== undefined) ? values : null;
}

export function editorData() {
  const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
  const manifest = JSON.parse(readFileSync(new URL('custom-elements.json', root), 'utf8'));
  const elements = manifest.modules.flatMap((mod) => (mod.declarations ?? []).filter((d) => d.customElement));
  const fieldsOf = (element) => new Map((element.members ?? []).map((member) => [member.name, member]));
  const typeOf = (element, attribute) =>
    fieldsOf(element).get(attribute.fieldName ?? attribute.name)?.type?.text ?? attribute.type?.text;
  const describe = (element, attribute) =>
    text(fieldsOf(element).get(attribute.fieldName ?? attribute.name)?.description ?? attribute.description);

  const vscode = {
    version: 1.1,
    tags: elements.map((element) => ({
      name: element.tagName,
      description: [
        text(element.description),
        ...(element.events ?? []).map((event) => `Event \`${event.name}\`: ${text(event.description)}`),
      ].join('\n\n'),
      attributes: (element.attributes ?? []).map((attribute) => {
        const type = typeOf(element, attribute);
        const values = literals(type);
        return {
          name: attribute.name,
          description: describe(element, attribute),
          ...(type === 'boolean' ? {valueSet: 'v'} : values ? {values: values.map((name) => ({name}))} : {}),
        };
      }),
      references: [{name: 'README', url: pkg.homepage}],
    })),
  };

  const webTypes = {
    $schema: 'https://raw.githubusercontent.com/JetBrains/web-types/master/schema/web-types.json',
    name: pkg.name,
    version: pkg.version,
    'description-markup': 'markdown',
    'js-types-syntax': 'typescript',
    contributions: {
      html: {
        elements: elements.map((element) => ({
          name: element.tagName,
          description: text(element.description),
          'doc-url': pkg.homepage,
          attributes: (element.attributes ?? []).map((attribute) => {
            const type = typeOf(element, attribute);
            return {
              name: attribute.name,
              description: describe(element, attribute),
              value: {type: type ?? 'string', required: false, ...(attribute.default && {default: attribute.default})},
            };
          }),
          events: (element.events ?? []).map((event) => ({name: event.name, description: text(event.description)})),
          slots: (element.slots ?? []).map((slot) => ({name: slot.name, description: text(slot.description)})),
          js: {
            properties: (element.members ?? [])
              .filter((member) => member.kind === 'field' && member.privacy !== 'private' && !member.static)
              .map((member) => ({
                name: member.name,
                description: text(member.description),
                ...(member.type?.text && {type: member.type.text}),
              })),
            events: (element.events ?? []).map((event) => ({
              name: event.name,
              description: text(event.description),
              ...(event.type?.text && {type: event.type.text}),
            })),
          },
          css: {
            parts: (element.cssParts ?? []).map((part) => ({name: part.name, description: text(part.description)})),
            properties: (element.cssProperties ?? []).map((prop) => ({
              name: prop.name,
              description: text(prop.description),
            })),
          },
        })),
      },
    },
  };
  return {vscode, webTypes};
}

export function writeEditorData() {
  const {vscode, webTypes} = editorData();
  writeFileSync(new URL('dist/vscode.html-custom-data.json', root), json(vscode));
  writeFileSync(new URL('dist/web-types.json', root), json(webTypes));
}

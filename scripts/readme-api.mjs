// Writes the API tables of README.md (between <!-- api:… --> markers) from custom-elements.json, so
// the README cannot drift from the source. `--check` fails instead of writing (run by `npm test`).
import {readFileSync, writeFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import prettier from 'prettier';

const readmeUrl = new URL('../README.md', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('../custom-elements.json', import.meta.url), 'utf8'));
const element = manifest.modules
  .flatMap((module) => module.declarations ?? [])
  .find((declaration) => declaration.tagName === 'pilotstatus-connect');

const cell = (text = '') => text.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|');
const code = (text) => (text ? `\`${cell(text)}\`` : '');
const table = (head, rows) =>
  [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join(
    '\n',
  );

// A default that names an exported constant (`DEFAULT_BASE_URL`) is shown as that constant's value.
const constants = new Map(
  manifest.modules
    .flatMap((module) => module.declarations ?? [])
    .map((d) => [d.name, d.kind === 'variable' && d.default]),
);
const literal = (value) => (value && constants.get(value)) || value;
const fields = new Map(element.members.map((member) => [member.name, member]));
const sections = {
  attributes: table(
    ['Attribute', 'Property', 'Type', 'Default', 'Description'],
    element.attributes.map((attribute) => {
      const field = fields.get(attribute.fieldName ?? attribute.name);
      const readonly = field?.readonly ? ' (read-only)' : '';
      return [
        code(attribute.name),
        field ? `${code(field.name)}${readonly}` : '',
        code(field?.type?.text ?? attribute.type?.text),
        code(literal(attribute.default ?? field?.default)),
        cell(field?.description ?? attribute.description),
      ];
    }),
  ),
  events: table(
    ['Event', 'Detail', 'Bubbles', 'Composed', 'When'],
    element.events.map((event) => [
      code(event.name),
      code(/^CustomEvent<(.+)>$/.exec(event.type?.text ?? '')?.[1] ?? event.type?.text),
      'yes',
      'yes',
      cell(event.description),
    ]),
  ),
  styling: table(
    ['Part or custom property', 'Default', 'Description'],
    [
      ...(element.cssParts ?? []).map((part) => [`\`::part(${part.name})\``, '', cell(part.description)]),
      ...(element.cssProperties ?? []).map((prop) => [code(prop.name), code(prop.default), cell(prop.description)]),
    ],
  ),
  slots: table(
    ['Slot', 'Description'],
    (element.slots ?? []).map((slot) => [code(`slot="${slot.name}"`), cell(slot.description)]),
  ),
  states: table(
    ['Custom state', 'Description'],
    (element.cssStates ?? []).map((state) => [code(`:state(${state.name})`), cell(state.description)]),
  ),
  methods: table(
    ['Method', 'Description'],
    element.members
      .filter((member) => member.kind === 'method' && member.privacy !== 'private' && !member.static)
      .map((method) => [code(`${method.name}()`), cell(method.description)]),
  ),
};

const current = readFileSync(readmeUrl, 'utf8');
let readme = current;
for (const [name, content] of Object.entries(sections)) {
  const pattern = new RegExp(`(<!-- api:${name} -->)[\\s\\S]*?(<!-- /api:${name} -->)`);
  if (!pattern.test(readme)) throw new Error(`README.md lacks the <!-- api:${name} --> markers`);
  readme = readme.replace(pattern, (_, start, end) => `${start}\n\n${content}\n\n${end}`);
}
// Formatted as `prettier --check` expects it, so the two checks agree.
const path = fileURLToPath(readmeUrl);
readme = await prettier.format(readme, {...(await prettier.resolveConfig(path)), filepath: path});

if (process.argv.includes('--check')) {
  if (readme !== current) {
    console.error('✗ The API tables in README.md are out of date: run `npm run docs` and commit the result.');
    process.exit(1);
  }
  console.log('✓ README.md API tables match custom-elements.json.');
} else {
  writeFileSync(readmeUrl, readme);
}

import {expect} from '@open-wc/testing';
import {textsFor} from '../src/i18n.js';

describe('textsFor()', () => {
  const cases: Array<[string, string]> = [
    ['pt-BR', 'Carregando a conexão do WhatsApp…'],
    ['pt', 'Carregando a conexão do WhatsApp…'],
    ['PT_br', 'Carregando a conexão do WhatsApp…'],
    ['es-MX', 'Cargando la conexión de WhatsApp…'],
    ['en-US', 'Loading the WhatsApp connection…'],
    ['fr', 'Loading the WhatsApp connection…'],
    ['', 'Loading the WhatsApp connection…'],
    ['  es  ', 'Cargando la conexión de WhatsApp…'],
  ];
  for (const [lang, loading] of cases) {
    it(`speaks ${JSON.stringify(lang)} as “${loading}”`, () => expect(textsFor(lang).loading).to.equal(loading));
  }

  it('has every text in every language', () => {
    const shape = (value: object): string[] =>
      Object.entries(value).flatMap(([key, item]) =>
        typeof item === 'string' ? (item.trim() ? [key] : []) : shape(item as object).map((k) => `${key}.${k}`),
      );
    const english = shape(textsFor('en'));
    expect(english).to.have.length(25);
    expect(shape(textsFor('pt'))).to.deep.equal(english);
    expect(shape(textsFor('es'))).to.deep.equal(english);
  });
});

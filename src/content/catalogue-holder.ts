import type { Catalogue } from './catalogue.js';

/**
 * The catalogue being served. The playground swaps in a reloaded one while the bot runs; a
 * reader takes `current` once per interaction, so one answer never mixes two versions.
 */
export class CatalogueHolder {
  constructor(private catalogue: Catalogue) {}

  get current(): Catalogue {
    return this.catalogue;
  }

  swap(next: Catalogue): void {
    this.catalogue = next;
  }
}

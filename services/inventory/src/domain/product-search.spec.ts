import { describe, expect, it } from 'vitest';
import { escapeLike, searchTerm } from './product-search';

describe('product search', () => {
  it('matches LIKE wildcards literally', () => {
    expect(escapeLike('50%_off\\')).toBe('50\\%\\_off\\\\');
  });

  it('ignores a blank query', () => {
    expect(searchTerm(undefined)).toBeUndefined();
    expect(searchTerm('   ')).toBeUndefined();
    expect(searchTerm(' mug ')).toBe('mug');
  });
});

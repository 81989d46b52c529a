// Subpackage code may use the main package's modules.
import { formatPrice } from '../../utils/price'

export function describe(query) {
  const parts = []
  if (query.cat) parts.push(`cat=${query.cat}`)
  if (query.sort) parts.push(`sort=${query.sort}`)
  return parts.join(' ') || 'everything'
}

export const cheapest = formatPrice(99)

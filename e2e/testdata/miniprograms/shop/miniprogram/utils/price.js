// Prices are kept in cents.
export const CURRENCY = '¥'

export function formatPrice(cents) {
  return CURRENCY + (cents / 100).toFixed(2)
}

export function sum(items) {
  return items.reduce((total, item) => total + item.price * (item.qty ?? 1), 0)
}

export default { formatPrice, sum }

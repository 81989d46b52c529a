import { sum } from './price'

const products = [
  { id: 'p1', name: 'Apple', price: 350 },
  { id: 'p2', name: 'Banana', price: 200, qty: 2 },
  { id: 'p3', name: 'Cherry', price: 500 },
]

const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

// Pretends to fetch the cart from a server.
export async function loadCart() {
  await wait(10)
  return { total: sum(products), coupon: null, items: products.map((p) => ({ ...p })) }
}

export { products }

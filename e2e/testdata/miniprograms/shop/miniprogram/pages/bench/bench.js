// About 200 elements: a title, 39 rows of 5 elements, an end marker.
const rows = []
for (let i = 0; i < 39; i++) {
  rows.push({ id: `r${i}`, name: `Item ${i + 1}`, price: `¥${(i * 1.5 + 2).toFixed(2)}`, badge: i % 3 === 0 ? 'new' : 'in stock', note: `Row ${i + 1} of 39` })
}

Page({
  data: {
    rows,
  },
})

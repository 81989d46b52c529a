const rows = []
for (let i = 1; i <= 20; i++) rows.push(`Row ${i}`)

Page({
  data: {
    channels: ['News', 'Sports', 'Music', 'Films', 'Games', 'Travel', 'Food'],
    cards: [
      { id: 'a', height: 100 },
      { id: 'b', height: 50 },
      { id: 'c', height: 60 },
      { id: 'd', height: 40 },
    ],
    rows,
    stuck: '',
  },
  onStick(e) {
    const { name } = e.currentTarget.dataset
    this.setData({ stuck: `${this.data.stuck} ${name}:${e.detail.isStickOnTop}`.trim() })
  },
  more() {
    this.setData({ cards: this.data.cards.concat([{ id: 'e', height: 30 }]) })
  },
})

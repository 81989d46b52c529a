const pad = (n) => String(n).padStart(2, '0')

export function formatTime(date) {
  const day = [date.getFullYear(), date.getMonth() + 1, date.getDate()].map(pad).join('/')
  const time = [date.getHours(), date.getMinutes(), date.getSeconds()].map(pad).join(':')
  return `${day} ${time}`
}

export default { formatTime }

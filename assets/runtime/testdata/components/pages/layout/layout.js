Page({
  data: { wide: 700 },
});

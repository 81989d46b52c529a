Page({ data: { n: 1 } });

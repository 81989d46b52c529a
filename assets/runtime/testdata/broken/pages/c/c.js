const x = 1;
throw new Error("top level boom");

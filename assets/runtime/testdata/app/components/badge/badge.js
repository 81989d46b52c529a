Component({ options: { addGlobalClass: true } });

App({ onError(msg) { this.errors = (this.errors || 0) + 1; } });

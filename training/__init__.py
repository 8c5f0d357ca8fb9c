"""What trainers run on a committed version: tokenizer training and the tokenize-and-pack job."""

/**
 * Cosine similarity; the vectors need not be normalised, and a zero-padded vector compares with
 * its unpadded form (the padding adds nothing to either sum).
 */
export function cosine(a: number[], b: number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/** The mean direction of a set of vectors: what the document is about as a whole. */
export function centroid(vectors: number[][]): number[] {
  const width = vectors[0]?.length ?? 0;
  const sum = new Array<number>(width).fill(0);
  for (const vector of vectors) {
    for (let i = 0; i < width; i++) sum[i]! += vector[i]!;
  }
  return sum.map((value) => value / Math.max(vectors.length, 1));
}

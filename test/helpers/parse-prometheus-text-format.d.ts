/** The parser ships no types: it returns metric families, each with its samples. */
declare module 'parse-prometheus-text-format' {
  export default function parsePrometheusTextFormat(text: string): unknown[];
}

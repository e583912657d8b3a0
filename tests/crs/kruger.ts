/**
 * An independent reference for UTM on WGS 84: Krüger's series in n to sixth order (Karney 2011, "Transverse
 * Mercator with an accuracy of a few nanometers", eqs. 35 and 7-9), accurate to well under a micrometre within
 * a UTM zone. Tests compare proj4 against it, so a wrong transform cannot pass by agreeing with itself.
 */
const A = 6378137;
const F = 1 / 298.257223563;
const K0 = 0.9996;

const n = F / (2 - F);
const e = Math.sqrt(F * (2 - F));
const n2 = n * n;
const n3 = n2 * n;
const n4 = n3 * n;
const n5 = n4 * n;
const n6 = n5 * n;
/** Rectifying radius. */
const RECT = (A / (1 + n)) * (1 + n2 / 4 + n4 / 64 + n6 / 256);
const ALPHA = [
  n / 2 - (2 * n2) / 3 + (5 * n3) / 16 + (41 * n4) / 180 - (127 * n5) / 288 + (7891 * n6) / 37800,
  (13 * n2) / 48 - (3 * n3) / 5 + (557 * n4) / 1440 + (281 * n5) / 630 - (1983433 * n6) / 1935360,
  (61 * n3) / 240 - (103 * n4) / 140 + (15061 * n5) / 26880 + (167603 * n6) / 181440,
  (49561 * n4) / 161280 - (179 * n5) / 168 + (6601661 * n6) / 7257600,
  (34729 * n5) / 80640 - (3418889 * n6) / 1995840,
  (212378941 * n6) / 319334400,
];

/** UTM easting and northing (northern hemisphere) of a WGS 84 longitude and latitude in degrees. */
export function utmForward(zone: number, lonDeg: number, latDeg: number): [number, number] {
  const phi = (latDeg * Math.PI) / 180;
  const lambda = ((lonDeg - (zone * 6 - 183)) * Math.PI) / 180;
  const sinPhi = Math.sin(phi);
  const t = Math.sinh(Math.atanh(sinPhi) - e * Math.atanh(e * sinPhi));
  const xiP = Math.atan2(t, Math.cos(lambda));
  const etaP = Math.atanh(Math.sin(lambda) / Math.sqrt(1 + t * t));
  let xi = xiP;
  let eta = etaP;
  ALPHA.forEach((a, i) => {
    const j = 2 * (i + 1);
    xi += a * Math.sin(j * xiP) * Math.cosh(j * etaP);
    eta += a * Math.cos(j * xiP) * Math.sinh(j * etaP);
  });
  return [500000 + K0 * RECT * eta, K0 * RECT * xi];
}

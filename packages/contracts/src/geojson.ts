// Schemas of the API's GeoJSON answers (WGS-84): area and road geometry for the maps, reach areas and live coverage.
// The server writes them as JSON text (sendJsonText); the web takes its types from here (docs/api.md).
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { AreaKindS, Id, IsoTime } from './api';
import { RoadProfileS } from './dispatch';

export const GeometryS = Type.Object({ type: Type.String(), coordinates: Type.Unknown() });
export type Geometry = Static<typeof GeometryS>;

/** A Feature whose properties follow `props`. */
export const FeatureS = <P extends TSchema>(props: P) =>
  Type.Object({ type: Type.Literal('Feature'), id: Type.Optional(Type.Union([Type.Integer(), Type.String()])), properties: props, geometry: GeometryS });

/** A FeatureCollection whose features' properties follow `props`. */
export const FeatureCollectionS = <P extends TSchema>(props: P) => Type.Object({ type: Type.Literal('FeatureCollection'), features: Type.Array(FeatureS(props)) });

/** Any FeatureCollection (properties not known in advance). */
export const AnyFeatureCollectionS = FeatureCollectionS(Type.Record(Type.String(), Type.Unknown()));
export type AnyFeatureCollection = Static<typeof AnyFeatureCollectionS>;

/** GET /api/areas/geojson: one feature per area valid now. */
export const AreaGeoFeaturePropsS = Type.Object({
  id: Id,
  code: Type.String(),
  name: Type.String(),
  kind: AreaKindS,
  parentId: Type.Union([Id, Type.Null()]),
  parentCode: Type.Optional(Type.Union([Type.String(), Type.Null()])),
});
export type AreaGeoFeatureProps = Static<typeof AreaGeoFeaturePropsS>;
export const AreaFeatureCollectionS = FeatureCollectionS(AreaGeoFeaturePropsS);
export type AreaFeatureCollection = Static<typeof AreaFeatureCollectionS>;
export type AreaFeature = AreaFeatureCollection['features'][number];

/** GET /api/roads/geojson: the road network. */
export const RoadPropsS = Type.Object({ id: Id, name: Type.Union([Type.String(), Type.Null()]), class: Type.String(), oneway: Type.Optional(Type.Boolean()) });
export type RoadProps = Static<typeof RoadPropsS>;
export const RoadFeatureCollectionS = FeatureCollectionS(RoadPropsS);
export type RoadFeatureCollection = Static<typeof RoadFeatureCollectionS>;

/** GET /api/roads/reach: per budget a MultiLineString of the roads reached ({ kind: 'roads' }) and its outline ({ kind: 'area' }). */
export const ReachPropsS = Type.Object({ seconds: Type.Number(), kind: Type.Union([Type.Literal('roads'), Type.Literal('area')]), meters: Type.Optional(Type.Number()) });
export const ReachFcS = Type.Intersect([
  FeatureCollectionS(ReachPropsS),
  Type.Object({
    properties: Type.Optional(Type.Object({ profile: RoadProfileS, origin: Type.Tuple([Type.Number(), Type.Number()]), budgets: Type.Array(Type.Integer()) })),
  }),
]);
export type ReachFc = Static<typeof ReachFcS>;

/** GET /api/roads/coverage: a MultiLineString per budget ({ kind: 'covered' }) and the gaps ({ kind: 'gap', seconds: null }). */
export const CoveragePropsS = Type.Object({ seconds: Type.Union([Type.Number(), Type.Null()]), kind: Type.Union([Type.Literal('covered'), Type.Literal('gap')]) });
export const CoverageFcS = Type.Intersect([
  FeatureCollectionS(CoveragePropsS),
  Type.Object({
    properties: Type.Object({
      budgets: Type.Array(Type.Integer()),
      units: Type.Integer(),
      metersWithin: Type.Array(Type.Number()),
      metersBeyond: Type.Number(),
      shareWithin: Type.Array(Type.Number()),
      computedAt: IsoTime,
    }),
  }),
]);
export type CoverageFc = Static<typeof CoverageFcS>;

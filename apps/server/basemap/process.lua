-- Jingwang's basemap: which OSM features go into which vector tile layer (tilemaker 2.2; config.json beside it).
-- Layers: transportation (streets by class, with name and name_zh), building, water, waterway, landuse (parks, woods,
-- farmland, residential ...), place (towns, villages, suburbs as points). Labels: `name` and `name:zh` when OSM has it.

node_keys = { "place" }

local PLACE_RANK = { city = 1, town = 2, suburb = 3, village = 3, quarter = 4, neighbourhood = 5, hamlet = 5 }

local ROAD_CLASS = {
  motorway = "motorway", motorway_link = "motorway", trunk = "trunk", trunk_link = "trunk",
  primary = "primary", primary_link = "primary", secondary = "secondary", secondary_link = "secondary",
  tertiary = "tertiary", tertiary_link = "tertiary", unclassified = "minor", residential = "minor",
  living_street = "minor", road = "minor", service = "service", track = "track",
  pedestrian = "path", footway = "path", cycleway = "path", path = "path", steps = "path"
}
-- the zoom from which each class is kept (minor streets only when zoomed in)
local ROAD_MINZOOM = { motorway = 8, trunk = 8, primary = 9, secondary = 10, tertiary = 11, minor = 12, service = 13, track = 13, path = 14 }

local LANDUSE = {
  park = "park", garden = "park", recreation_ground = "park", playground = "park", pitch = "park",
  forest = "wood", wood = "wood", scrub = "wood", grass = "grass", meadow = "grass", grassland = "grass",
  farmland = "farmland", orchard = "farmland", vineyard = "farmland", allotments = "farmland",
  residential = "residential", commercial = "commercial", retail = "commercial", industrial = "industrial",
  cemetery = "cemetery", school = "school", university = "school", college = "school", hospital = "hospital"
}

function init_function() end
function exit_function() end

local function names(obj)
  local n = obj:Find("name")
  if n ~= "" then obj:Attribute("name", n) end
  local zh = obj:Find("name:zh")
  if zh ~= "" then obj:Attribute("name_zh", zh) end
end

function node_function(node)
  local place = node:Find("place")
  local rank = PLACE_RANK[place]
  if rank and node:Find("name") ~= "" then
    node:Layer("place", false)
    node:Attribute("class", place)
    node:AttributeNumeric("rank", rank)
    names(node)
  end
end

function way_function(way)
  local highway = way:Find("highway")
  local closed = way:IsClosed()
  local cls = ROAD_CLASS[highway]
  if cls and not (closed and way:Find("area") == "yes") then
    way:Layer("transportation", false)
    way:MinZoom(ROAD_MINZOOM[cls])
    way:Attribute("class", cls)
    names(way)
    return
  end
  local waterway = way:Find("waterway")
  if waterway == "river" or waterway == "stream" or waterway == "canal" then
    way:Layer("waterway", false)
    way:Attribute("class", waterway)
    if waterway ~= "river" then way:MinZoom(13) end
    names(way)
  end
  if not closed then return end
  if way:Find("natural") == "water" or way:Find("waterway") == "riverbank" or way:Find("landuse") == "reservoir" or way:Find("landuse") == "basin" then
    way:Layer("water", true)
    way:Attribute("class", "water")
    return
  end
  if way:Find("building") ~= "" then
    way:Layer("building", true)
    return
  end
  local lu = LANDUSE[way:Find("landuse")] or LANDUSE[way:Find("leisure")] or LANDUSE[way:Find("natural")] or LANDUSE[way:Find("amenity")]
  if lu then
    way:Layer("landuse", true)
    way:Attribute("class", lu)
  end
end

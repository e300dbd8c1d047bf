// The registry (一标三实): standard addresses and the gazetteer, houses, residents, units. Other modules call these.
export { searchAddresses, placeByAddress } from './search';

// The registry (一标三实): standard addresses and the gazetteer, houses, residents, units. Other modules call these.
export { searchAddresses, placeByAddress } from './search';
export { createAddress, getAddressDetail, importAddresses } from './addresses';
export { seedRegistryDemo, demoAddresses } from './demo';
export {
  createHouse,
  updateHouse,
  createResident,
  addResidency,
  leaveResidency,
  updateResident,
  mergeResident,
  getResident,
  lookupResidents,
  revealResident,
  residentAudit,
  createUnit,
  addEmployee,
  getUnit,
  maskIdNumber,
} from './residents';

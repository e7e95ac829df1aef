/**
 * The kit's side of the driver protocol (spec/DRIVER-PROTOCOL.md): {@link dev.zck.adapters.driver.DriverImplementation}
 * runs any conforming driver program as an SPI implementation, so that every suite tests implementations written in
 * other languages unchanged. {@link dev.zck.adapters.driver.DriverCommand} is the {@code --impl driver:'...'} form,
 * {@link dev.zck.adapters.driver.DriverTimeouts} the kit's deadlines for drivers.
 */
package dev.zck.adapters.driver;

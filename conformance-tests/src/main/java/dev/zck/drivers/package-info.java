/**
 * The Java side of drivers: {@link dev.zck.drivers.DriverServer} puts any {@link dev.zck.spi.ZmqImplementation}
 * behind the driver protocol (spec/DRIVER-PROTOCOL.md), so that a Java implementation can be tested as a separate
 * process exactly as a driver in another language is, and the kit's driver adapter can be checked against
 * implementations whose in-process verdicts are known ({@code JeromqDriver}, {@code ReferenceDriver}).
 */
package dev.zck.drivers;

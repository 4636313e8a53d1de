/// Device types (virtio 1.2 §5), as the DeviceID register gives them.
public enum VirtioDeviceID {
    public static let block: UInt32 = 2
    public static let console: UInt32 = 3
    public static let entropy: UInt32 = 4
    public static let ninePTransport: UInt32 = 9
}

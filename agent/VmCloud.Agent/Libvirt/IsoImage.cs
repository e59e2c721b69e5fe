using System.Buffers.Binary;
using System.Text;
using System.Text.RegularExpressions;

namespace VmCloud.Agent.Libvirt;

/// <summary>One file of an ISO image, in its root directory.</summary>
/// <param name="Name">The file name as readers should see it (kept as is in the Joliet tree).</param>
/// <param name="Content">The bytes.</param>
public sealed record IsoFile(string Name, byte[] Content);

/// <summary>
/// Builds a small ISO 9660 image with a Joliet tree: files in the root directory only, which is
/// all a cloud-init NoCloud seed needs. ISO 9660 alone would uppercase and truncate names
/// (<c>user-data</c> becomes <c>USER_DAT.;1</c>); Joliet keeps them exact, and Linux prefers
/// Joliet when it is there. The image is a pure function of its inputs (fixed timestamps), so an
/// unchanged seed rewrites identical bytes.
/// </summary>
public static partial class IsoImage
{
    private const int Sector = 2048;
    private const int PrimaryDescriptor = 16;
    private const int FirstPathTable = 19;
    private const int FirstDirectory = 23;
    private const int PathTableSize = 10;
    private static readonly DateTime Timestamp = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>The image of <paramref name="files"/> under the volume label <paramref name="volumeLabel"/>.</summary>
    /// <exception cref="ArgumentException">A label or a name is not allowed, or two names collide.</exception>
    public static byte[] Build(string volumeLabel, IReadOnlyList<IsoFile> files)
    {
        if (!LabelPattern().IsMatch(volumeLabel))
        {
            throw new ArgumentException($"volume label \"{volumeLabel}\" must be 1 to 16 letters, digits or underscores", nameof(volumeLabel));
        }

        var primary = Tree(files, IsoNames.Primary, Encoding.ASCII);
        var joliet = Tree(files, IsoNames.Joliet, Encoding.BigEndianUnicode);
        var primaryRoot = FirstDirectory;
        var jolietRoot = primaryRoot + SectorsOf(DirectorySize(primary));
        var extents = new int[files.Count];
        var next = jolietRoot + SectorsOf(DirectorySize(joliet));
        for (var i = 0; i < files.Count; i++)
        {
            extents[i] = next;
            next += SectorsOf(files[i].Content.Length);
        }

        var image = new byte[next * Sector];
        WriteDescriptor(SectorAt(image, PrimaryDescriptor), joliet: false, volumeLabel, next, FirstPathTable, primaryRoot, DirectorySize(primary));
        WriteDescriptor(SectorAt(image, PrimaryDescriptor + 1), joliet: true, volumeLabel, next, FirstPathTable + 2, jolietRoot, DirectorySize(joliet));
        WriteTerminator(SectorAt(image, PrimaryDescriptor + 2));
        WritePathTables(image, FirstPathTable, primaryRoot);
        WritePathTables(image, FirstPathTable + 2, jolietRoot);
        WriteDirectory(image, primaryRoot, primary, files, extents);
        WriteDirectory(image, jolietRoot, joliet, files, extents);
        for (var i = 0; i < files.Count; i++)
        {
            files[i].Content.CopyTo(image, extents[i] * Sector);
        }

        return image;
    }

    /// <summary>The directory identifiers of the files, sorted as ISO 9660 wants, with each file's index.</summary>
    private static List<(byte[] Identifier, int File)> Tree(IReadOnlyList<IsoFile> files, Func<string, string> name, Encoding encoding)
    {
        var tree = files.Select((file, index) => (Identifier: encoding.GetBytes(name(file.Name)), File: index))
            .OrderBy(entry => entry.Identifier, ByteOrder.Instance)
            .ToList();
        for (var i = 1; i < tree.Count; i++)
        {
            if (tree[i].Identifier.AsSpan().SequenceEqual(tree[i - 1].Identifier))
            {
                throw new ArgumentException(
                    $"files \"{files[tree[i - 1].File].Name}\" and \"{files[tree[i].File].Name}\" get the same ISO 9660 name", nameof(files));
            }
        }

        return tree;
    }

    private static int RecordLength(int identifierLength) => 33 + identifierLength + ((identifierLength + 1) % 2);

    /// <summary>The directory's size: its records (".", "..", the files) in whole sectors, none across a sector boundary.</summary>
    private static int DirectorySize(List<(byte[] Identifier, int File)> tree)
    {
        var offset = 2 * RecordLength(1);
        foreach (var (identifier, _) in tree)
        {
            offset = Place(offset, RecordLength(identifier.Length));
        }

        return SectorsOf(offset) * Sector;
    }

    /// <summary>Where a record of <paramref name="length"/> bytes goes at <paramref name="offset"/>, and the offset after it.</summary>
    private static int Place(int offset, int length) =>
        (offset % Sector) + length > Sector ? ((offset / Sector) + 1) * Sector + length : offset + length;

    private static void WriteDirectory(byte[] image, int extent, List<(byte[] Identifier, int File)> tree, IReadOnlyList<IsoFile> files, int[] extents)
    {
        var size = DirectorySize(tree);
        var directory = image.AsSpan(extent * Sector, size);
        WriteRecord(directory, [0], extent, size, isDirectory: true);
        WriteRecord(directory[RecordLength(1)..], [1], extent, size, isDirectory: true);
        var offset = 2 * RecordLength(1);
        foreach (var (identifier, file) in tree)
        {
            var length = RecordLength(identifier.Length);
            offset = Place(offset, length);
            WriteRecord(directory[(offset - length)..], identifier, extents[file], files[file].Content.Length, isDirectory: false);
        }
    }

    private static void WriteRecord(Span<byte> record, ReadOnlySpan<byte> identifier, int extent, int length, bool isDirectory)
    {
        record[0] = (byte)RecordLength(identifier.Length);
        BothEndian32(record[2..], extent);
        BothEndian32(record[10..], length);
        record[18] = (byte)(Timestamp.Year - 1900);
        record[19] = (byte)Timestamp.Month;
        record[20] = (byte)Timestamp.Day;
        record[25] = (byte)(isDirectory ? 2 : 0);
        BothEndian16(record[28..], 1);
        record[32] = (byte)identifier.Length;
        identifier.CopyTo(record[33..]);
    }

    private static void WriteDescriptor(Span<byte> descriptor, bool joliet, string label, int sectors, int pathTable, int root, int rootSize)
    {
        descriptor[0] = (byte)(joliet ? 2 : 1);
        "CD001"u8.CopyTo(descriptor[1..]);
        descriptor[6] = 1;
        Text(descriptor.Slice(8, 32), "LINUX", joliet);
        Text(descriptor.Slice(40, 32), label, joliet);
        BothEndian32(descriptor[80..], sectors);
        if (joliet)
        {
            "%/E"u8.CopyTo(descriptor[88..]);
        }

        BothEndian16(descriptor[120..], 1);
        BothEndian16(descriptor[124..], 1);
        BothEndian16(descriptor[128..], Sector);
        BothEndian32(descriptor[132..], PathTableSize);
        BinaryPrimitives.WriteInt32LittleEndian(descriptor[140..], pathTable);
        BinaryPrimitives.WriteInt32BigEndian(descriptor[148..], pathTable + 1);
        WriteRecord(descriptor[156..], [0], root, rootSize, isDirectory: true);
        Text(descriptor.Slice(190, 128), "", joliet);
        Text(descriptor.Slice(318, 128), "", joliet);
        Text(descriptor.Slice(446, 128), "", joliet);
        Text(descriptor.Slice(574, 128), "VMCLOUD", joliet);
        Text(descriptor.Slice(702, 37 * 3), "", joliet);
        var created = Encoding.ASCII.GetBytes(Timestamp.ToString("yyyyMMddHHmmss00", System.Globalization.CultureInfo.InvariantCulture));
        created.CopyTo(descriptor[813..]);
        created.CopyTo(descriptor[830..]);
        "0000000000000000"u8.CopyTo(descriptor[847..]);
        "0000000000000000"u8.CopyTo(descriptor[864..]);
        descriptor[881] = 1;
    }

    private static void WriteTerminator(Span<byte> descriptor)
    {
        descriptor[0] = 255;
        "CD001"u8.CopyTo(descriptor[1..]);
        descriptor[6] = 1;
    }

    /// <summary>The L (little-endian) and M (big-endian) path tables of a tree whose only directory is the root.</summary>
    private static void WritePathTables(byte[] image, int first, int root)
    {
        foreach (var (sector, bigEndian) in new[] { (first, false), (first + 1, true) })
        {
            var entry = SectorAt(image, sector);
            entry[0] = 1;
            if (bigEndian)
            {
                BinaryPrimitives.WriteInt32BigEndian(entry[2..], root);
                BinaryPrimitives.WriteInt16BigEndian(entry[6..], 1);
            }
            else
            {
                BinaryPrimitives.WriteInt32LittleEndian(entry[2..], root);
                BinaryPrimitives.WriteInt16LittleEndian(entry[6..], 1);
            }
        }
    }

    /// <summary>A text field, space-padded: ASCII in the primary descriptor, UCS-2 big-endian in the Joliet one.</summary>
    private static void Text(Span<byte> field, string value, bool joliet)
    {
        field.Fill((byte)' ');
        if (joliet)
        {
            for (var i = 0; i + 1 < field.Length; i += 2)
            {
                field[i] = 0;
            }

            Encoding.BigEndianUnicode.GetBytes(value).CopyTo(field);
        }
        else
        {
            Encoding.ASCII.GetBytes(value).CopyTo(field);
        }
    }

    private static void BothEndian16(Span<byte> at, int value)
    {
        BinaryPrimitives.WriteInt16LittleEndian(at, (short)value);
        BinaryPrimitives.WriteInt16BigEndian(at[2..], (short)value);
    }

    private static void BothEndian32(Span<byte> at, int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(at, value);
        BinaryPrimitives.WriteInt32BigEndian(at[4..], value);
    }

    private static Span<byte> SectorAt(byte[] image, int sector) => image.AsSpan(sector * Sector, Sector);

    private static int SectorsOf(int bytes) => (bytes + Sector - 1) / Sector;

    [GeneratedRegex("^[A-Za-z0-9_]{1,16}$")]
    private static partial Regex LabelPattern();

    private sealed class ByteOrder : IComparer<byte[]>
    {
        public static readonly ByteOrder Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
